/**
 * Distributed, exact evaluation of a binary scorer, threshold selection and the metrics that go
 * into {@code metrics.json}.
 *
 * <h2>How the summary is computed (deequ-style mergeable partials)</h2>
 * {@link dev.fulcrum.eval.BinaryEvaluator#summarize} never collects O(rows) to the driver:
 * <ol>
 *   <li>the (score, label) pairs are aggregated by distinct score on the executors
 *       ({@code groupBy(score)}: positive and negative counts per score, so ties are one row);</li>
 *   <li>the distinct scores are range-partitioned in <em>descending</em> order (as many partitions
 *       as the input has) and sorted inside each partition;</li>
 *   <li>pass 1 ({@code mapPartitionsWithIndex}) returns one small partial per partition
 *       (distinct-score count, positives, negatives, Brier sum, a fixed 1000-bin score histogram
 *       per class, input-validation counters); the driver turns them into prefix offsets;</li>
 *   <li>pass 2 scans each partition again knowing how many positives/negatives score higher
 *       (its offset) and returns its exact ROC-AUC and average-precision contributions and the
 *       cumulative confusion counts at a bounded set of distinct scores.</li>
 * </ol>
 * Driver memory is O(partitions + table size): the table is every distinct score when there are
 * at most {@code maxTable} of them (default {@value dev.fulcrum.eval.BinaryEvaluator#DEFAULT_MAX_TABLE}),
 * which makes {@link dev.fulcrum.eval.ScoreSummary#at(double)}, the curves, the threshold
 * selector and recall@precision exact. Above that, the table is thinned to {@code maxTable}
 * distinct scores evenly spaced in rank ({@link dev.fulcrum.eval.ScoreSummary#exact()} is then
 * false): ROC-AUC, AP, Brier, counts and histograms stay exact; {@code at(t)} stays exact by
 * running one distributed count on the scored data when {@code t} is not a retained score; the
 * threshold selector and recall@precision/precision@recall only consider retained scores (a
 * declared approximation: each candidate is still an exact confusion matrix).
 *
 * <h2>Conventions</h2>
 * Predicted positive iff {@code score >= threshold}. ROC-AUC and AP are those of scikit-learn's
 * {@code roc_auc_score} and {@code average_precision_score} (ties: all rows of one score enter
 * the curve together); they are checked against scikit-learn on committed fixtures to 1e-9.
 * Ratios with a zero denominator are 0 (scikit-learn's {@code zero_division=0}), see
 * {@link dev.fulcrum.eval.ConfusionMatrix}. Neither MLlib's {@code BinaryClassificationMetrics}
 * nor DL4J's {@code ROC} is used.
 */
package dev.fulcrum.eval;
