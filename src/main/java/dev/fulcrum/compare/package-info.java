/**
 * The comparison job ({@code fulcrum compare}): a grid of imbalance losses × resampling recipes,
 * repeated over seeds on shared splits, against MLlib baselines, summarised as a leaderboard
 * (compare.json + compare.html).
 */
package dev.fulcrum.compare;
