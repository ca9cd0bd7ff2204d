package dev.fulcrum.error;

/**
 * Bad user input (a job file, a {@code --set} override, a command-line option, a data file): the CLI
 * prints the message on one line and exits with code 2. Messages follow
 * {@code <path>: <rule>; got <value>[; how to fix]}.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
