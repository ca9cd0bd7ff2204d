package dev.fulcrum.config;

/**
 * Bad user input (a job file, a --set override, a data file): the CLI prints the message on one
 * line and exits with code 2. Messages follow {@code <path>: <rule>; got <value>[; how to fix]}.
 */
public class JobConfigException extends RuntimeException {
    public JobConfigException(String message) {
        super(message);
    }

    public JobConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
