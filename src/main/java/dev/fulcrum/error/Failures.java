package dev.fulcrum.error;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Classifies a throwable into one of the three failure kinds. Spark wraps an executor's exception
 * (often several levels deep), so the cause chain is searched: the first Fulcrum type found wins;
 * failing that, a raw {@link IOException} anywhere in the chain is an I/O failure.
 */
public final class Failures {
    /** Exit code of a bad-input failure. */
    public static final int BAD_INPUT = 2;
    /** Exit code of an I/O failure. */
    public static final int IO_FAILURE = 3;
    /** Exit code of an internal error. */
    public static final int INTERNAL = 1;

    private Failures() {
    }

    /** The exit code for {@code t}: 2, 3 or 1. */
    public static int exitCode(Throwable t) {
        Throwable f = fulcrumCause(t);
        if (f instanceof BadInputException) {
            return BAD_INPUT;
        }
        if (f instanceof IoFailureException) {
            return IO_FAILURE;
        }
        if (f instanceof InternalException) {
            return INTERNAL;
        }
        if (unknownHost(t) != null) {
            return BAD_INPUT;
        }
        return ioCause(t) != null ? IO_FAILURE : INTERNAL;
    }

    /** The one-line message to print for a bad-input or I/O failure; null for an internal error. */
    public static String oneLine(Throwable t) {
        Throwable f = fulcrumCause(t);
        if (f instanceof BadInputException || f instanceof IoFailureException) {
            return f.getMessage();
        }
        if (f == null) {
            String host = unknownHost(t);
            if (host != null) {
                return "unknown host '" + host + "' in a path; check the URI's host name";
            }
            if (noSpace(t)) {
                return "no space left on device; free space on the output's file system (or Spark's spark.local.dir)";
            }
            Throwable io = ioCause(t);
            if (io != null) {
                return "I/O failure: " + io.getMessage();
            }
        }
        return null;
    }

    /** The first Fulcrum failure in the cause chain, or null. */
    public static Throwable fulcrumCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BadInputException || c instanceof IoFailureException || c instanceof InternalException) {
                return c;
            }
        }
        return null;
    }

    /**
     * The host name of an {@link java.net.UnknownHostException} in the cause chain (Hadoop's HDFS
     * client wraps it in an {@link IllegalArgumentException} when it builds the NameNode proxy), or null.
     */
    public static String unknownHost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.UnknownHostException) {
                String m = c.getMessage();
                if (m == null || m.isBlank()) {
                    return "?";
                }
                // "no-such-host" or, from some resolvers, "no-such-host: Name or service not known"
                int colon = m.indexOf(':');
                return (colon > 0 ? m.substring(0, colon) : m).trim();
            }
        }
        return null;
    }

    /**
     * True when the cause chain holds the operating system's ENOSPC ("No space left on device"; Hadoop's
     * local file system rethrows it as an {@code FSError}, an {@link Error}) or a storage quota refusal.
     */
    public static boolean noSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("no space left on device")) {
                return true;
            }
            if (c.getClass().getName().endsWith("QuotaExceededException")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return c;
            }
        }
        return null;
    }
}
