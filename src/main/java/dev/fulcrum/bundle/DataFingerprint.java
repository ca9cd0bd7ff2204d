package dev.fulcrum.bundle;

import dev.fulcrum.data.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** SHA-256 over (path, length, modification time) of the input files: cheap, and changes with the data. */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    public static String of(InputFiles files, Configuration hadoop) {
        StringBuilder sb = new StringBuilder();
        for (String f : files.files()) {
            try {
                Path p = new Path(f);
                FileStatus s = p.getFileSystem(hadoop).getFileStatus(p);
                sb.append(f).append('|').append(s.getLen()).append('|').append(s.getModificationTime()).append('\n');
            } catch (IOException e) {
                sb.append(f).append("|unreadable\n");
            }
        }
        return "sha256:" + ModelBundle.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
