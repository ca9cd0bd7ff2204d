package dev.fulcrum.jobs;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Run ids: {@code <name>-<yyyyMMdd-HHmmss>-<4 hex digits>}. The timestamp keeps a directory listing in
 * start order; the random suffix keeps two runs started in the same second apart (with the timestamp
 * alone they shared one temporary directory, and the second start cleared the first run's files).
 */
final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    static String next(String prefix) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return prefix + "-" + LocalDateTime.now().format(STAMP) + "-" + HexFormat.of().formatHex(suffix);
    }
}
