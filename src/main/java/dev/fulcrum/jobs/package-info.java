/**
 * The jobs a user runs — {@link dev.fulcrum.jobs.TrainJob}, {@link dev.fulcrum.jobs.CompareJob},
 * {@link dev.fulcrum.jobs.RetrainJob}, {@link dev.fulcrum.jobs.ScoreJob} — each a short composition
 * of {@link dev.fulcrum.pipeline.Pipeline} (ingest → prepare → fit → evaluate) with what it
 * publishes: a run directory (model bundle, metrics.json, report.html; {@code latest} moves only on
 * success), a comparison, a registry version with its retrain decision, scored rows. Every
 * published directory is an {@link dev.fulcrum.io.AtomicDirectory}. Holds no stage logic.
 *
 * <p>May depend on every other package except {@code cli}; only {@code cli} depends on it.
 */
package dev.fulcrum.jobs;
