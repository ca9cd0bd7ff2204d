package dev.fulcrum.data;

import dev.fulcrum.error.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The data files behind a user's input path, found through the Hadoop FileSystem API (so
 * {@code file://}, {@code hdfs://} and {@code s3a://} all work): a single file, or a directory of
 * part files as Spark writes them (files starting with '_' or '.' are ignored).
 */
public record InputFiles(String input, String format, List<String> files) {

    public static InputFiles resolve(String input, String format, Configuration hadoop) {
        try {
            Path path = new Path(input);
            FileSystem fs = dev.fulcrum.io.AtomicDirectory.fileSystem(path, hadoop, "data.input");
            if (!fs.exists(path)) {
                throw new BadInputException("data.input: file not found; got " + input
                        + "; give an existing CSV/Parquet file or directory, or \"generate\"");
            }
            List<String> files = new ArrayList<>();
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                for (FileStatus f : fs.listStatus(path)) {
                    String name = f.getPath().getName();
                    if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                        files.add(f.getPath().toString());
                    }
                }
                files.sort(String::compareTo);
            } else {
                files.add(status.getPath().toString());
            }
            long bytes = 0;
            for (String f : files) {
                bytes += fs.getFileStatus(new Path(f)).getLen();
            }
            if (files.isEmpty() || bytes == 0) {
                throw new BadInputException("data.input: input is empty (no data files or 0 bytes); got " + input);
            }
            return new InputFiles(input, detectFormat(input, format, files), List.copyOf(files));
        } catch (IOException e) {
            throw new BadInputException("data.input: cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    private static String detectFormat(String input, String format, List<String> files) {
        if (!format.equals("auto")) {
            return format;
        }
        String first = files.get(0).toLowerCase(Locale.ROOT);
        if (first.endsWith(".parquet") || input.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return "parquet";
        }
        if (first.endsWith(".csv") || first.endsWith(".csv.gz") || input.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return "csv";
        }
        throw new BadInputException("data.format: cannot tell the format of " + input
                + " from its name; set data.format = csv or parquet");
    }

    /** The first line of a CSV file (its header). */
    public static String firstLine(String file, Configuration hadoop) {
        Path p = new Path(file);
        try (InputStream in = open(p, hadoop);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                throw new BadInputException("data.input " + file + ": line 1: expected a CSV header; the file is empty");
            }
            return line.startsWith("\uFEFF") ? line.substring(1) : line;
        } catch (IOException e) {
            throw new BadInputException("data.input " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a file as Spark's text input reads it: decompressed when its name has a Hadoop codec's
     * extension ({@code .gz}, {@code .bz2}, ...), so the header and line numbers of {@code x.csv.gz} are
     * those of the CSV inside.
     */
    static InputStream open(Path p, Configuration hadoop) throws IOException {
        InputStream raw = p.getFileSystem(hadoop).open(p);
        org.apache.hadoop.io.compress.CompressionCodec codec =
                new org.apache.hadoop.io.compress.CompressionCodecFactory(hadoop).getCodec(p);
        try {
            return codec == null ? raw : codec.createInputStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** 1-based line number of the line starting at byte {@code offset}: read on the driver, only to word an error. */
    public static long lineAt(String file, long offset, Configuration hadoop) {
        Path p = new Path(file);
        try (InputStream in = open(p, hadoop)) {
            byte[] buf = new byte[1 << 16];
            long line = 1;
            long pos = 0;
            while (pos < offset) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, offset - pos));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line++;
                    }
                }
                pos += n;
            }
            return line;
        } catch (IOException e) {
            return -1;
        }
    }
}
