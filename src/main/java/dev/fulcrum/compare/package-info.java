/**
 * What a comparison is and what it found: {@link dev.fulcrum.compare.CompareSpec} (the grid of
 * imbalance losses × resampling recipes, seeds and baselines of the {@code compare} block),
 * {@link dev.fulcrum.compare.Baselines} (class-weighted LogisticRegression, GBTClassifier, XGBoost), the
 * per-run metrics, the leaderboard (mean ± std over seeds) and compare.html. The job that runs a
 * comparison is {@link dev.fulcrum.jobs.CompareJob}.
 */
package dev.fulcrum.compare;
