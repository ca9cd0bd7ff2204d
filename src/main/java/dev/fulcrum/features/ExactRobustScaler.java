package dev.fulcrum.features;

import dev.fulcrum.error.BadInputException;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.feature.RobustScaler;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Median / interquartile-range scaling fitted with {@link ExactQuantiles}: the same statistics on
 * every run for the same rows, and the numbers scikit-learn's RobustScaler computes (median and
 * 25th–75th percentile range, numpy's linear interpolation). The fitted model is Spark's own
 * {@link RobustScalerModel} (centering and scaling on), so a saved bundle holds only standard MLlib
 * stages and scoring needs nothing of Fulcrum's to apply it.
 *
 * <p>Only the fitted model is saved in a bundle; this estimator is never persisted itself.
 */
public final class ExactRobustScaler extends Estimator<RobustScalerModel> {
    private static final double[] QUANTILES = {0.25, 0.5, 0.75};
    private final String uid;
    private String inputCol;
    private String outputCol;

    public ExactRobustScaler() {
        this(Identifiable$.MODULE$.randomUID("exactRobustScaler"));
    }

    private ExactRobustScaler(String uid) {
        this.uid = uid;
    }

    public ExactRobustScaler setInputCol(String c) {
        this.inputCol = c;
        return this;
    }

    public ExactRobustScaler setOutputCol(String c) {
        this.outputCol = c;
        return this;
    }

    @Override
    public RobustScalerModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> rows = dataset.select(org.apache.spark.ml.functions.vector_to_array(
                org.apache.spark.sql.functions.col(inputCol), "float64").as("v"));
        java.util.List<Row> first = rows.takeAsList(1);
        if (first.isEmpty()) {
            throw new BadInputException("scaling: cannot fit a robust scaler on an empty training split");
        }
        int dim = first.get(0).getList(0).size();
        Column[] elements = new Column[dim];
        String[] names = new String[dim];
        for (int i = 0; i < dim; i++) {
            names[i] = "_fulcrum_q" + i;
            elements[i] = org.apache.spark.sql.functions.col("v").getItem(i).as(names[i]);
        }
        double[][] q = ExactQuantiles.of(rows.select(elements), names, QUANTILES);
        double[] median = new double[dim];
        double[] range = new double[dim];
        for (int i = 0; i < dim; i++) {
            median[i] = q[i][1];
            range[i] = q[i][2] - q[i][0];
        }
        return model(uid, median, range, inputCol, outputCol).setParent(this);
    }

    /** Spark's model centring on {@code median} and scaling by {@code range}, as {@link #fit} returns it. */
    static RobustScalerModel model(String uid, double[] median, double[] range, String inputCol, String outputCol) {
        RobustScalerModel model = new RobustScalerModel(uid, Vectors.dense(range), Vectors.dense(median));
        ParamMap on = new ParamMap().put(model.withCentering(), Boolean.TRUE).put(model.withScaling(), Boolean.TRUE);
        return model.copy(on).setInputCol(inputCol).setOutputCol(outputCol);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return new RobustScaler().setInputCol(inputCol).setOutputCol(outputCol).transformSchema(schema);
    }

    @Override
    public ExactRobustScaler copy(ParamMap extra) {
        return new ExactRobustScaler(uid).setInputCol(inputCol).setOutputCol(outputCol);
    }

    @Override
    public String uid() {
        return uid;
    }
}
