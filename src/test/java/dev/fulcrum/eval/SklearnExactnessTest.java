package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import dev.fulcrum.SparkTestSession;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the distributed summary with scikit-learn on the committed fixtures written by
 * {@code src/test/resources/eval/make_sklearn_fixtures.py}: every dataset, summarised from 1 and
 * from 7 partitions, must give sklearn's numbers to 1e-9 and the exact confusion counts.
 */
class SklearnExactnessTest {
    private static final double TOL = 1e-9;
    private static final File DIR = new File("src/test/resources/eval");
    private static final StructType SCHEMA = new StructType()
            .add("score", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
    private static double maxAbsDiff;

    static Stream<Arguments> cases() {
        // JSON is HOCON: typesafe-config parses it (numbers with Double.parseDouble, exact).
        Config root = ConfigFactory.parseFile(new File(DIR, "sklearn_expected.json"));
        List<Arguments> out = new ArrayList<>();
        for (Config d : root.getConfigList("datasets")) {
            for (int parts : new int[] {1, 7}) {
                out.add(Arguments.of(d.getString("name"), parts, d));
            }
        }
        return out.stream();
    }

    private static void close(double actual, double expected, String what) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual - expected));
        assertThat(actual).as(what).isCloseTo(expected, within(TOL));
    }

    @ParameterizedTest(name = "{0} in {1} partitions")
    @MethodSource("cases")
    void matchesScikitLearn(String name, int parts, Config d) {
        Dataset<Row> data = SparkTestSession.get().read().schema(SCHEMA).option("header", true)
                .csv(new File(DIR, name + ".csv").getPath()).repartition(parts).cache();
        try {
            check(name, parts, d, data);
        } finally {
            data.unpersist();
        }
    }

    private static void check(String name, int parts, Config d, Dataset<Row> data) {
        ScoreSummary s = BinaryEvaluator.summarize(data, "score", "label");
        assertThat(s.exact()).isTrue();
        assertThat(s.positives()).isEqualTo(d.getLong("positives"));
        assertThat(s.negatives()).isEqualTo(d.getLong("negatives"));
        assertThat(s.distinctScores()).isEqualTo(d.getLong("distinctScores"));
        close(s.rocAuc(), d.getDouble("rocAuc"), "rocAuc");
        close(s.averagePrecision(), d.getDouble("averagePrecision"), "averagePrecision");
        close(s.brier(), d.getDouble("brier"), "brier");
        close(s.recallAtPrecision(0.9), d.getDouble("recallAtPrecision90"), "recall@p0.9");
        close(s.precisionAtRecall(0.9), d.getDouble("precisionAtRecall90"), "precision@r0.9");
        checkThresholds(s, d, name);
        if (!d.getIsNull("rocCurve")) {
            ConfigList roc = d.getList("rocCurve");
            List<double[]> mine = s.rocCurve();
            assertThat(mine).hasSize(roc.size());
            for (int i = 0; i < roc.size(); i++) {
                ConfigList pt = (ConfigList) roc.get(i);
                close(mine.get(i)[0], num(pt.get(0)), "fpr " + i);
                close(mine.get(i)[1], num(pt.get(1)), "tpr " + i);
            }
        } else {
            assertThat(s.rocCurve().size()).isBetween(2, ScoreSummary.MAX_CURVE_POINTS + 2);
        }
        if (name.equals("continuous") && parts > 1) {
            // Thinned table: AUC, AP, Brier and at(t) (a distributed count) must stay exact.
            ScoreSummary thin = BinaryEvaluator.summarize(data, "score", "label", 50);
            assertThat(thin.exact()).isFalse();
            close(thin.rocAuc(), d.getDouble("rocAuc"), "thin rocAuc");
            close(thin.averagePrecision(), d.getDouble("averagePrecision"), "thin AP");
            close(thin.brier(), d.getDouble("brier"), "thin brier");
            checkThresholds(thin, d, name + " thinned");
        }
    }

    private static double num(ConfigValue v) {
        return ((Number) v.unwrapped()).doubleValue();
    }

    private static void checkThresholds(ScoreSummary s, Config d, String name) {
        for (Config e : d.getConfigList("at")) {
            double t = e.getDouble("threshold");
            ConfusionMatrix cm = s.at(t);
            String where = name + " at " + t;
            assertThat(cm).as(where).isEqualTo(new ConfusionMatrix(e.getLong("tp"),
                    e.getLong("fp"), e.getLong("tn"), e.getLong("fn")));
            close(cm.precision(), e.getDouble("precision"), where + " precision");
            close(cm.recall(), e.getDouble("recall"), where + " recall");
            close(cm.f1(), e.getDouble("f1"), where + " f1");
            close(cm.fbeta(2), e.getDouble("f2"), where + " f2");
            close(cm.mcc(), e.getDouble("mcc"), where + " mcc");
            close(cm.balancedAccuracy(), e.getDouble("balancedAccuracy"), where + " balancedAccuracy");
            close(cm.accuracy(), e.getDouble("accuracy"), where + " accuracy");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("SklearnExactnessTest: max |fulcrum - sklearn| over all compared numbers = "
                + maxAbsDiff);
    }
}
