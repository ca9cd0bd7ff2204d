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
        return ioCause(t) != null ? IO_FAILURE : INTERNAL;
    }

    /** The one-line message to print for a bad-input or I/O failure; null for an internal error. */
    public static String oneLine(Throwable t) {
        Throwable f = fulcrumCause(t);
        if (f instanceof BadInputException || f instanceof IoFailureException) {
            return f.getMessage();
        }
        if (f == null) {
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

    private static Throwable ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return c;
            }
        }
        return null;
    }
}
