/**
 * Segmentation metrics and their report: connected components, per-image Dice / IoU and lesion
 * detection ({@link dev.fulcrum.segeval.ImageScores}), the distributed evaluation of a scored
 * image set ({@link dev.fulcrum.segeval.SegEvaluation}, executors return one small record per
 * image, never pixels), threshold tuning on validation ({@link dev.fulcrum.segeval.SegThreshold}),
 * the metrics.json record ({@link dev.fulcrum.segeval.SegMetrics}) and the report section with
 * overlays and plots ({@link dev.fulcrum.segeval.SegReportHtml}).
 *
 * <p>Reads the row layout of {@link dev.fulcrum.images.ImageRows} with a {@code prob} column.
 * May depend on {@code images}, {@code eval}, {@code report}, {@code results}, {@code error},
 * {@code io}; never on config, jobs, pipeline or the CLI.
 */
package dev.fulcrum.segeval;
