/**
 * Storage helpers shared by every stage that publishes files: {@link AtomicDirectory}, the one
 * temporary-sibling-then-rename implementation behind run directories, comparisons, scoring
 * output, registry versions, generated data and checkpoints. Works on any Hadoop FileSystem and
 * reports storage failures as {@link dev.fulcrum.error.IoFailureException}.
 *
 * <p>Depends only on {@code dev.fulcrum.error}.
 */
package dev.fulcrum.io;
