/**
 * A file-based model registry on any Hadoop FileSystem: {@code <dir>/<model>/<version>/} (a copy of
 * a run's {@code model/} bundle — provenance included — and {@code metrics.json}, plus the retrain
 * decision), a {@code CHAMPION} pointer replaced atomically (write a temporary file, rename over),
 * and a {@code .lock} per model so that two retraining runs never overlap (a lock whose process is
 * gone, or older than {@code registry.staleLockMinutes}, is stale and broken). The retrain job
 * itself is {@link dev.fulcrum.jobs.RetrainJob}.
 */
package dev.fulcrum.registry;
