/**
 * The model bundle a run publishes under {@code model/} and everything that reads it back:
 * {@link dev.fulcrum.bundle.ModelBundle} writes it (DL4J zip, Spark {@code PipelineModel} scaler,
 * {@code bundle.json}, {@code provenance.json}), {@link dev.fulcrum.bundle.ModelLocator} finds one
 * (a run directory, an output directory's {@code latest}, or a registry model's {@code CHAMPION})
 * and {@link dev.fulcrum.bundle.LoadedModel} verifies and loads it: the signature
 * ({@link dev.fulcrum.bundle.BundleKeys}), every file against {@link dev.fulcrum.bundle.BundleManifest},
 * the checksums in bundle.json, the scaler's stage classes ({@link dev.fulcrum.bundle.ScalerStages});
 * DL4J zip + Spark ML formats only, never Java deserialisation. See docs/security.md.
 * Because the provenance lives inside {@code model/}, every copy of a bundle (e.g. a registry
 * version) carries it.
 *
 * <p>Depends on {@code train} (network bytes), {@code report} (JSON) and {@code error}/{@code io}.
 */
package dev.fulcrum.bundle;
