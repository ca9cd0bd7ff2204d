/**
 * The sampling benchmark ({@code scripts/bench/sampling.sh}): generated data, timed SMOTE and
 * neighbour-search recall. Not a test: its numbers go to {@code bench/results/sampling.json}.
 */
package dev.fulcrum.sampling.bench;
