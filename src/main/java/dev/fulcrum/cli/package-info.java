/**
 * The {@code fulcrum} command line (picocli): each command parses its options into config, opens
 * the session and hands over to a job, nothing more, so that everything a command does can also
 * be run and tested without the CLI. This is the only place that knows about processes: the
 * failure kinds of {@code error} become exit codes here (bad input 2, I/O 3, internal 1).
 *
 * <p>May depend on any Fulcrum package; no package depends on it (stages never import the CLI).
 */
package dev.fulcrum.cli;
