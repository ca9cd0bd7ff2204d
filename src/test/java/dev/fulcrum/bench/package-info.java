/**
 * Benchmark mains run by {@code scripts/bench/*.sh} (train throughput, exact evaluation vs MLlib,
 * SMOTE and neighbour search); test source so none of it ships in the jar. Not tests: surefire
 * does not pick them up, and their numbers go to {@code bench/results/*.json}. They use the public
 * API of the stage packages, plus {@link dev.fulcrum.sampling.SamplingBenchHooks} (test source in
 * {@code sampling}) for the package-private neighbour searches.
 */
package dev.fulcrum.bench;
