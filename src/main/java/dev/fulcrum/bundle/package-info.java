/**
 * The model bundle a run publishes under {@code model/} and everything that reads it back:
 * {@link dev.fulcrum.bundle.ModelBundle} writes it (DL4J zip, Spark {@code PipelineModel} scaler,
 * {@code bundle.json}, {@code provenance.json}), {@link dev.fulcrum.bundle.ModelLocator} finds one
 * (a run directory, an output directory's {@code latest}, or a registry model's {@code CHAMPION})
 * and {@link dev.fulcrum.bundle.LoadedModel} verifies and loads it (SHA-256 of network.zip and of the
 * scaler tree against bundle.json; DL4J zip + Spark ML formats only, never Java deserialisation).
 * Because the provenance lives inside {@code model/}, every copy of a bundle (e.g. a registry
 * version) carries it.
 *
 * <p>Depends on {@code train} (network bytes), {@code report} (JSON) and {@code error}/{@code io}.
 */
package dev.fulcrum.bundle;
