package dev.fulcrum.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.ConfigLoader;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The XGBoost baseline of {@code compare}: wired as configured, early-stopped on validation, and it learns. */
class BaselinesTest {
    private static final StructType SCHEMA = new StructType()
            .add(Columns.FEATURES, SQLDataTypes.VectorType())
            .add(Columns.LABEL, DataTypes.DoubleType);

    /** 5% positives whose first two coordinates are shifted by +2.5 (plus a pure-noise third). */
    private static Dataset<Row> frame(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextDouble() < 0.05;
            double s = pos ? 2.5 : 0;
            rows.add(RowFactory.create(Vectors.dense(r.nextGaussian() + s, r.nextGaussian() + s, r.nextGaussian()),
                    pos ? 1.0 : 0.0));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA);
    }

    private static CompareSpec spec(String more) {
        return CompareSpec.parse(ConfigFactory.parseString("baselines = [xgboost], " + more)
                .withFallback(ConfigLoader.defaults().getConfig("compare")).resolve());
    }

    @Test
    void xgboostWeighsPositivesStopsEarlyOnValidationAndRanksWell() {
        Dataset<Row> train = frame(4000, 1);
        Dataset<Row> validation = frame(1500, 2);
        Dataset<Row> test = frame(3000, 3);
        ClassCounts counts = ClassCounts.of(train, Columns.LABEL);
        CompareSpec spec = spec("xgbRounds = 400, xgbEarlyStopping = 10, xgbMaxDepth = 3");

        Model<?> model = Baselines.fit("xgboost", train, validation, counts, spec, 7);

        XGBoostClassificationModel xgb = (XGBoostClassificationModel) model;
        assertThat(xgb.getScalePosWeight()).isEqualTo((double) counts.negatives() / counts.positives());
        assertThat(xgb.getEvalMetric()).isEqualTo("aucpr");
        // Two informative coordinates separate the classes within a few dozen shallow trees; with 10
        // rounds of patience the validation aucpr stops improving long before 400 rounds.
        assertThat(xgb.nativeBooster().getNumBoostedRound()).isLessThan(400);

        ScoreSummary s = BinaryEvaluator.summarize(Baselines.score(model, test), Columns.SCORE, Columns.LABEL);
        double noSkill = (double) s.positives() / s.rows();
        // The Bayes-optimal ranking here is by x0 + x1 (a 2.5 * sqrt 2 = 3.5 standard deviation gap):
        // its AP is about 0.9; the trees must come close to it and far above the no-skill line.
        assertThat(s.averagePrecision()).isGreaterThan(0.75).isGreaterThan(10 * noSkill);
        assertThat(Baselines.describe("xgboost", spec)).isEqualTo("XGBoost(scale_pos_weight=N-/N+, maxDepth=3, "
                + "eta=0.1, rounds<=400, early stopping 10 on validation aucpr)");
    }

    @Test
    void xgboostSettingsAreValidated() {
        assertThat(spec("").xgb()).isEqualTo(new CompareSpec.Xgb(500, 6, 0.1, 30));
        assertThatThrownBy(() -> spec("xgbEta = 0")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("compare.xgbEta");
        assertThatThrownBy(() -> spec("xgbRounds = 0")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("compare.xgbRounds");
    }
}
