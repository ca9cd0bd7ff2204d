package dev.fulcrum.data;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.eval.BinaryEvaluator;
import java.util.Arrays;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class FraudDataGeneratorTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void schemaIsTheCreditCardFraudSchemaPlusTheBayesColumn() {
        Dataset<Row> d = FraudDataGenerator.generate(spark, new GenerateConfig(10, 0.01, 1, 2, "csv"), true);
        assertThat(d.columns()).hasSize(32);
        assertThat(d.columns()[0]).isEqualTo("Time");
        assertThat(d.columns()[28]).isEqualTo("V28");
        assertThat(d.columns()[29]).isEqualTo("Amount");
        assertThat(d.columns()[30]).isEqualTo("Class");
        assertThat(d.columns()[31]).isEqualTo(Columns.BAYES_SCORE);
        assertThat(FraudDataGenerator.generate(spark, new GenerateConfig(10, 0.01, 1, 2, "csv"), false).columns())
                .hasSize(31);
    }

    @Test
    void fraudRateMatchesTheRequestWithinBinomialNoise() {
        long n = 200_000;
        double rate = 0.005;
        long pos = FraudDataGenerator.generate(spark, new GenerateConfig(n, rate, 3, 4, "csv"), false)
                .filter(col("Class").equalTo(1)).count();
        double sd = Math.sqrt(n * rate * (1 - rate));
        assertThat((double) pos).isCloseTo(n * rate, within(4 * sd));
    }

    @Test
    void sameSeedGivesTheSameRowsForAnyPartitionCountAndAnotherSeedDoesNot() {
        Dataset<Row> a = FraudDataGenerator.generate(spark, new GenerateConfig(3000, 0.01, 9, 1, "csv"), true);
        Dataset<Row> b = FraudDataGenerator.generate(spark, new GenerateConfig(3000, 0.01, 9, 7, "csv"), true);
        Dataset<Row> c = FraudDataGenerator.generate(spark, new GenerateConfig(3000, 0.01, 10, 1, "csv"), true);
        assertThat(a.except(b).count()).isZero();
        assertThat(b.except(a).count()).isZero();
        assertThat(a.except(c).count()).isEqualTo(3000);
    }

    @Test
    void bayesScoreIsACalibratedProbabilityThatBeatsLogisticRegression() {
        Dataset<Row> d = FraudDataGenerator.generate(spark, new GenerateConfig(60_000, 0.01, 5, 4, "csv"), true)
                .withColumn(Columns.LABEL, col("Class").cast("double")).cache();
        // Calibration: the mean posterior equals the observed positive rate (up to sampling noise).
        Row m = d.agg(org.apache.spark.sql.functions.avg(Columns.BAYES_SCORE),
                org.apache.spark.sql.functions.avg(Columns.LABEL)).first();
        assertThat(m.getDouble(0)).isCloseTo(m.getDouble(1), within(0.002));

        String[] features = Arrays.stream(d.columns())
                .filter(c -> c.startsWith("V") || c.equals("Amount") || c.equals("Time")).toArray(String[]::new);
        Dataset<Row>[] parts = d.randomSplit(new double[] {0.5, 0.5}, 11);
        VectorAssembler va = new VectorAssembler().setInputCols(features).setOutputCol(Columns.FEATURES);
        var lr = new LogisticRegression().setFeaturesCol(Columns.FEATURES).setLabelCol(Columns.LABEL).setMaxIter(100)
                .fit(va.transform(parts[0]));
        Dataset<Row> scored = lr.transform(va.transform(parts[1]))
                .withColumn(Columns.SCORE, org.apache.spark.ml.functions.vector_to_array(col("probability"),
                        "float64").getItem(1));
        double lrAp = BinaryEvaluator.summarize(scored, Columns.SCORE, Columns.LABEL).averagePrecision();
        double bayesAp = BinaryEvaluator.summarize(parts[1], Columns.BAYES_SCORE, Columns.LABEL).averagePrecision();
        double baseRate = m.getDouble(1);
        assertThat(bayesAp).isGreaterThan(lrAp);
        // Hard but learnable: far above the no-skill line, far from perfect (label noise, camouflaged frauds).
        assertThat(bayesAp).isGreaterThan(20 * baseRate).isLessThan(0.9);
        d.unpersist();
    }
}
