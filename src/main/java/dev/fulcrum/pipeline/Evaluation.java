package dev.fulcrum.pipeline;

import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.results.BayesComparison;
import dev.fulcrum.results.SplitMetrics;

/**
 * A candidate measured: the threshold chosen on validation (never on test) and the summaries of
 * both splits' scores; {@code bayesTest} as in {@link PreparedData}.
 */
public record Evaluation(double threshold, ScoreSummary validation, ScoreSummary test, ScoreSummary bayesTest,
                         double seconds) {

    public SplitMetrics validationMetrics() {
        return SplitMetrics.of(validation, threshold);
    }

    public SplitMetrics testMetrics() {
        return SplitMetrics.of(test, threshold);
    }

    /** The model against the Bayes-optimal scorer on the same test rows; null without one. */
    public BayesComparison bayes() {
        return bayesTest == null ? null : new BayesComparison(bayesTest.averagePrecision(), bayesTest.rocAuc(),
                test.averagePrecision() / bayesTest.averagePrecision());
    }
}
