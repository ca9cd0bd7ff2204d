package dev.fulcrum.sampling;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three disjoint parts of one labelled frame. The validation split exists so thresholds and
 * early stopping never see the test rows; samplers are applied to {@code train} only.
 */
public record Splits(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test) {
}
