package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.fulcrum.SparkTestSession;
import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fulcrum's samplers against imbalanced-learn 0.10 on the committed fixture
 * ({@code src/test/resources/sampling/imblearn_crosscheck.py} made both files).
 */
class ImblearnCrossCheckTest {
    private static Dataset<Row> train;
    /** JSON read with Typesafe Config (a JSON superset): the test classpath's Jackson core/databind mismatch. */
    private static Config expected;

    @BeforeAll
    static void load() throws Exception {
        File csv = new File(ImblearnCrossCheckTest.class.getResource("/sampling/fixture.csv").toURI());
        Dataset<Row> raw = SparkTestSession.get().read().option("header", "true").option("inferSchema", "true")
                .csv(csv.getPath());
        train = new VectorAssembler().setInputCols(new String[] {"f0", "f1", "f2", "f3"}).setOutputCol("features")
                .transform(raw).select(col("id").cast("long"), col("features"), col("label").cast("double")).cache();
        expected = ConfigFactory.parseResources("sampling/imblearn_expected.json");
    }

    @Test
    void sameNearestNeighbourSetsAsSmote() {
        MinorityMatrix mm = MinorityMatrix.collect(train, 1.0);
        Map<String, Long> idOf = new HashMap<>();
        for (Row r : train.where(col("label").equalTo(1.0)).collectAsList()) {
            idOf.put(Arrays.toString(((org.apache.spark.ml.linalg.Vector) r.get(1)).toArray()), r.getLong(0));
        }
        int[][] nn = ExactKnn.neighbours(SmoteTest.jsc(), mm, expected.getInt("k"));
        ConfigObject knn = expected.getObject("smote_knn");
        assertThat(mm.n()).isEqualTo(knn.size());
        for (int i = 0; i < mm.n(); i++) {
            long id = idOf.get(Arrays.toString(mm.row(i)));
            Set<Long> ours = new HashSet<>();
            for (int j : nn[i]) {
                ours.add(idOf.get(Arrays.toString(mm.row(j))));
            }
            Set<Long> theirs = new HashSet<>();
            for (Object v : (List<?>) knn.get(Long.toString(id)).unwrapped()) {
                theirs.add(((Number) v).longValue());
            }
            assertThat(ours).as("neighbours of id %d", id).isEqualTo(theirs);
        }
    }

    @Test
    void sameCountsAndSyntheticDistributionAsSmote() {
        Dataset<Row> out = new Smote(expected.getInt("k"), expected.getDouble("ratio")).resample(train, 0);
        assertCounts(out, expected.getObject("smote_counts"));
        List<double[]> synth = Frames.vectors(out.where(col("id").isNull()));
        for (int f = 0; f < 4; f++) {
            final int ff = f;
            double mean = synth.stream().mapToDouble(v -> v[ff]).average().orElseThrow();
            double std = Math.sqrt(synth.stream().mapToDouble(v -> (v[ff] - mean) * (v[ff] - mean)).average().orElseThrow());
            // Tolerance: 4x the run-to-run spread imbalanced-learn itself shows over 20 seeds.
            assertThat(mean).as("mean of f%d", f).isCloseTo(expected.getDoubleList("smote_synthetic_mean").get(f),
                    offset(4 * expected.getDoubleList("smote_synthetic_mean_spread").get(f)));
            assertThat(std).as("std of f%d", f).isCloseTo(expected.getDoubleList("smote_synthetic_std").get(f),
                    offset(4 * expected.getDoubleList("smote_synthetic_std_spread").get(f)));
        }
    }

    @Test
    void sameCountsForUndersamplingAndBorderlineAndSameTomekLinks() {
        assertCounts(new RandomUnderSampler(expected.getDouble("undersample_ratio")).resample(train, 0),
                expected.getObject("undersample_counts"));
        assertCounts(new BorderlineSmote(5, 10, expected.getDouble("borderline_ratio")).resample(train, 0),
                expected.getObject("borderline_counts"));
        Set<Long> kept = new HashSet<>(new TomekLinks().resample(train, 0).select("id").as(Encoders.LONG()).collectAsList());
        Set<Long> removed = new HashSet<>(train.select("id").as(Encoders.LONG()).collectAsList());
        removed.removeAll(kept);
        Set<Long> theirs = new HashSet<>();
        expected.getLongList("tomek_removed").forEach(theirs::add);
        assertThat(removed).isEqualTo(theirs);
    }

    private static void assertCounts(Dataset<Row> out, ConfigObject counts) {
        Map<Double, Long> c = ClassBalance.counts(out);
        Map<Double, Long> e = new HashMap<>();
        for (Map.Entry<String, ConfigValue> en : counts.entrySet()) {
            e.put(Double.parseDouble(en.getKey()), ((Number) en.getValue().unwrapped()).longValue());
        }
        assertThat(c).isEqualTo(e);
    }
}
