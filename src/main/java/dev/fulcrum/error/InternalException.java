package dev.fulcrum.error;

/**
 * A state Fulcrum's own code should never reach (a broken invariant, an impossible branch): exit
 * code 1 with a stack trace to report. Any other unchecked exception is treated the same way.
 */
public class InternalException extends RuntimeException {
    public InternalException(String message) {
        super(message);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }
}
