/**
 * Batch scoring with a published model: {@link dev.fulcrum.scoring.ModelLocator} finds the bundle
 * (a run directory, an output directory's {@code latest}, or a registry model's {@code CHAMPION}),
 * {@link dev.fulcrum.scoring.LoadedModel} verifies and loads it (SHA-256 of network.zip and of the
 * scaler tree against bundle.json, DL4J zip + Spark ML formats only, never Java deserialisation),
 * and {@link dev.fulcrum.scoring.ScoreJob} validates the input like ingest (label optional), scores
 * on the executors and writes id columns + score + decision atomically.
 */
package dev.fulcrum.scoring;
