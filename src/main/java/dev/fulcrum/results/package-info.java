/**
 * The typed records a job writes as JSON — {@link TrainMetrics} ({@code metrics.json}),
 * {@code compare.json}, {@code retrain.json} — and that the HTML reports, the CLI and the registry
 * read back, so a metric has one name everywhere ({@code prAuc}, {@code rocAuc}, ...) and no
 * reader walks a map by string paths. Serialised with Jackson through
 * {@link dev.fulcrum.report.Json} (non-finite numbers become {@code null}).
 *
 * <p>Depends on {@code data} (class counts) and {@code eval} (the summaries the metrics come from).
 */
package dev.fulcrum.results;
