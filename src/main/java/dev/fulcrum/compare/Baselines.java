package dev.fulcrum.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The models a user would pick instead of a network, trained on the same scaled (not resampled)
 * training split as the grid:
 * <ul>
 *   <li>{@code logistic-regression}: MLlib {@code LogisticRegression} with class weights through
 *       {@code weightCol} — weight N₋/N₊ on positives, 1 on negatives (the "balanced" weighting,
 *       the same ratio as {@code weighted-bce, posWeight = auto});</li>
 *   <li>{@code gbt}: MLlib {@code GBTClassifier}, unweighted (its usual out-of-the-box use);</li>
 *   <li>{@code xgboost}: XGBoost4J-Spark's {@code XGBoostClassifier} as an imbalanced-data user sets
 *       it up: {@code scale_pos_weight} = N₋/N₊, {@code eval_metric = aucpr} on the validation split
 *       with early stopping (the best round is kept), histogram trees; one XGBoost worker per
 *       Spark executor core, run as a barrier stage.</li>
 * </ul>
 * {@link #score} adds the positive-class probability as {@link Columns#SCORE}.
 */
public final class Baselines {
    static final String WEIGHT = "class_weight";

    private Baselines() {
    }

    /** @param validation the split XGBoost's early stopping watches (the others ignore it) */
    public static Model<?> fit(String name, Dataset<Row> train, Dataset<Row> validation, ClassCounts counts,
                               CompareSpec spec, long seed) {
        return switch (name) {
            case "logistic-regression" -> {
                double w = (double) counts.negatives() / Math.max(1, counts.positives());
                Dataset<Row> weighted = train.withColumn(WEIGHT,
                        when(col(Columns.LABEL).equalTo(1.0), lit(w)).otherwise(lit(1.0)));
                yield new LogisticRegression().setFeaturesCol(Columns.FEATURES).setLabelCol(Columns.LABEL)
                        .setWeightCol(WEIGHT).setMaxIter(spec.lrMaxIter()).setRegParam(0.0)
                        .setProbabilityCol("baseline_probability").setPredictionCol("baseline_prediction")
                        .setRawPredictionCol("baseline_raw").fit(weighted);
            }
            case "gbt" -> new GBTClassifier().setFeaturesCol(Columns.FEATURES).setLabelCol(Columns.LABEL)
                    .setMaxIter(spec.gbtMaxIter()).setMaxDepth(spec.gbtMaxDepth()).setSeed(seed)
                    .setProbabilityCol("baseline_probability").setPredictionCol("baseline_prediction")
                    .setRawPredictionCol("baseline_raw").fit(train);
            case "xgboost" -> xgboost(train, validation, counts, spec.xgb(), seed);
            default -> throw new IllegalArgumentException("unknown baseline " + name);
        };
    }

    private static Model<?> xgboost(Dataset<Row> train, Dataset<Row> validation, ClassCounts counts, CompareSpec.Xgb x,
                                    long seed) {
        int workers = Math.max(1, train.sparkSession().sparkContext().defaultParallelism());
        // the split's partitions are as many as the input's; XGBoost wants one per worker
        Dataset<Row> trainParts = train.select(Columns.FEATURES, Columns.LABEL).repartition(workers);
        Dataset<Row> valParts = validation.select(Columns.FEATURES, Columns.LABEL).repartition(workers);
        XGBoostClassifier xgb = new XGBoostClassifier();
        xgb.setFeaturesCol(Columns.FEATURES);
        xgb.setLabelCol(Columns.LABEL);
        xgb.setProbabilityCol("baseline_probability");
        xgb.setPredictionCol("baseline_prediction");
        xgb.setRawPredictionCol("baseline_raw");
        xgb.setObjective("binary:logistic").setEvalMetric("aucpr").setMaximizeEvaluationMetrics(true)
                .setScalePosWeight((double) counts.negatives() / Math.max(1, counts.positives()))
                .setNumRound(x.rounds()).setMaxDepth(x.maxDepth()).setEta(x.eta())
                .setNumEarlyStoppingRounds(x.earlyStopping()).setTreeMethod("hist")
                .setNumWorkers(workers).setNthread(1).setSeed(seed).setMissing(Float.NaN);
        xgb.setEvalSets(new scala.collection.immutable.Map.Map1<>("validation", valParts));
        return xgb.fit(trainParts);
    }

    /** Rows of {@code data} with the model's P(y = 1) in {@link Columns#SCORE}. */
    public static Dataset<Row> score(Model<?> model, Dataset<Row> data) {
        return model.transform(data)
                .withColumn(Columns.SCORE, org.apache.spark.ml.functions.vector_to_array(
                        col("baseline_probability"), "float64").getItem(1))
                .drop("baseline_probability", "baseline_prediction", "baseline_raw");
    }

    public static String describe(String name, CompareSpec spec) {
        return switch (name) {
            case "logistic-regression" -> "MLlib LogisticRegression(weightCol: N-/N+ on positives, maxIter="
                    + spec.lrMaxIter() + ")";
            case "xgboost" -> "XGBoost(scale_pos_weight=N-/N+, maxDepth=" + spec.xgb().maxDepth() + ", eta="
                    + spec.xgb().eta() + ", rounds<=" + spec.xgb().rounds() + ", early stopping "
                    + spec.xgb().earlyStopping() + " on validation aucpr)";
            default -> "MLlib GBTClassifier(maxIter=" + spec.gbtMaxIter() + ", maxDepth=" + spec.gbtMaxDepth() + ")";
        };
    }
}
