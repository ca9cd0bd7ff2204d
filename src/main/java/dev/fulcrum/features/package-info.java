/**
 * Feature assembly and scaling (MLlib {@code VectorAssembler}, {@code StandardScaler},
 * {@code RobustScaler}) per column group. These are Estimator/Model stages: fitted on the training
 * split only, saved in the model bundle as a {@code PipelineModel}, and applied again at scoring.
 */
package dev.fulcrum.features;
