/**
 * The stages of every job composed once: {@link Pipeline#prepare} (ingest + validate, stratified
 * split, scaler fitted on train — computed once and shared by every model trained on it),
 * {@link Pipeline#fit} (resample the training split, build and train the network with a loss) and
 * {@link Pipeline#evaluate} (score validation and test on the executors, tune the threshold on
 * validation, summarise the test split). {@link Seeds} is the one rule deriving every random
 * stream of a run, so a comparison cell and a train run with the same seeds train the same model.
 *
 * <p>Depends on the stage packages ({@code data}, {@code sampling}, {@code features}, {@code loss},
 * {@code train}, {@code eval}), {@code results} and {@code config}; knows nothing of the CLI, of
 * run directories or of reports.
 */
package dev.fulcrum.pipeline;
