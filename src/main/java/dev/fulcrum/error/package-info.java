/**
 * The three ways a Fulcrum command fails, each with its own exit code: {@link BadInputException}
 * (the user's job file, override or data is wrong: exit 2, one line), {@link IoFailureException}
 * (the input was fine but storage failed — disk full, an unreachable file system: exit 3, one line)
 * and {@link InternalException} (a bug: exit 1 with a stack trace). {@link Failures} classifies any
 * throwable, including one wrapped by Spark on its way back from an executor.
 *
 * <p>This package depends on nothing else in Fulcrum, so every stage may throw these types.
 */
package dev.fulcrum.error;
