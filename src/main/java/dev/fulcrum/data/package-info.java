/**
 * The data contract every later stage relies on: input files found through the Hadoop FileSystem
 * API (local, HDFS, S3), rows validated one by one (required columns, finite numbers, a 0/1 label,
 * both classes present) with bad rows either failing the job at their file, line and column or
 * going to quarantine with a reason — never dropped silently — and the agreed column names of the
 * validated frame. Also the fraud-like data generator, whose generative model is known exactly so
 * reports can compare every model with the Bayes-optimal score.
 *
 * The records of its own blocks ({@code DataConfig}, {@code GenerateConfig}) live here; the
 * {@code config} package builds them from a job file.
 *
 * <p>May depend on {@code error} and {@code io}; nothing else in Fulcrum.
 */
package dev.fulcrum.data;
