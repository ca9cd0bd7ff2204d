/**
 * Splitting and resampling of the training data for class-imbalanced learning: the stratified
 * splitter (train/validation/test, exact per class, optionally grouped or time-ordered)
 * and the {@link dev.fulcrum.sampling.Resampler}s (random under/over-sampling, SMOTE and
 * Borderline-SMOTE, Tomek links). Resamplers act on the scaled training split only and are never
 * part of the saved model (imbalanced-learn's rule: samplers act during fit, never at predict).
 * Nothing here collects the majority class to the driver.
 */
package dev.fulcrum.sampling;
