package dev.fulcrum.error;

/**
 * Storage failed under a correct job: a disk that filled up, a file system that cannot be reached,
 * a rename the store refused. Exit code 3, so a scheduler can retry these and not bad input. The
 * message names the path and the operation.
 */
public class IoFailureException extends RuntimeException {
    public IoFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
