package dev.fulcrum.results;

/**
 * Generated data only: the Bayes-optimal scorer (the generator's true P(y = 1 | x)) on the same
 * test rows, and the model's PR-AUC as a fraction of it.
 */
public record BayesComparison(double prAuc, double rocAuc, double modelPrAucFraction) {
}
