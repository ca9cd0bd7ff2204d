package dev.fulcrum.results;

/**
 * {@code _scoring.json} next to scored rows: which bundle scored them (and its network's checksum),
 * at which threshold, from which input, how many rows, positive decisions and quarantined rows,
 * and how fast. {@code quarantined} counts every row in {@code _quarantine}: invalid input rows and the
 * {@code nonFiniteScores} rows the network scored NaN or infinite, which get no decision.
 */
public record ScoringSummary(String model, String networkSha256, double threshold, String input, long rows,
                             long decisionPositives, long quarantined, double seconds, double rowsPerSecond,
                             long nonFiniteScores) {
}
