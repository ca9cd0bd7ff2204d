package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * EasyEnsemble's dealing of rows (every member holds every positive; the negatives' slices are
 * disjoint and cut to exactly ratio x positives), its independence of the input partitioning, and
 * that the trained ensemble scores the mean of its members' probabilities.
 */
class EasyEnsembleTest {
    /** Rows whose first feature is a unique id (ids below {@code positives} are the positives). */
    private static Dataset<Row> rows(int positives, int negatives, int partitions) {
        SparkSession spark = SparkTestSession.get();
        Random rnd = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < positives + negatives; id++) {
            boolean pos = id < positives;
            double signal = (pos ? 1.5 : -0.5) + rnd.nextGaussian();
            rows.add(RowFactory.create(Vectors.dense(id, signal, rnd.nextGaussian()), pos ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add(Columns.FEATURES, SQLDataTypes.VectorType())
                .add(Columns.LABEL, DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /** member -> the ids of its rows, in the order the member's fit receives them. */
    private static Map<Integer, List<Integer>> dealt(Dataset<Row> frame, EnsembleSpec spec, ClassCounts counts,
                                                     long seed) {
        EasyEnsemble.Plan plan = EasyEnsemble.Plan.of(spec, counts);
        JavaRDD<Row> rows = frame.select(Columns.FEATURES, Columns.LABEL).javaRDD();
        long positives = counts.positives();
        List<Tuple2<Integer, List<Integer>>> out = EasyEnsemble.route(rows, plan, seed).mapPartitionsWithIndex(
                (Integer m, java.util.Iterator<Tuple2<Integer, EasyEnsemble.Example>> it) -> {
                    ArrayFit.Rows own = EasyEnsemble.memberRows(it, plan.perMember(), 3);
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < own.size(); i++) {
                        ids.add((int) own.x[i * 3]);
                        // the label travels with its row
                        assertThat(own.label(i)).isEqualTo(ids.get(i) < positives ? 1.0 : 0.0);
                    }
                    return List.of(new Tuple2<>(m, ids)).iterator();
                }, true).collect();
        Map<Integer, List<Integer>> byMember = new TreeMap<>();
        out.forEach(t -> byMember.put(t._1(), t._2()));
        return byMember;
    }

    @Test
    void thePlanWantsRatioTimesPositivesPerMemberAndRoutesAFewStandardDeviationsMore() {
        EasyEnsemble.Plan p = EasyEnsemble.Plan.of(new EnsembleSpec(5, 1.0), new ClassCounts(2000, 40));
        assertThat(p.perMember()).isEqualTo(40);
        // slices of 2000 / 5 = 400 negatives; route 40 + 6 sqrt(40) + 20 = 97.95 of them
        assertThat(p.keepRate()).isCloseTo(97.947 / 400, within(1e-4));
        assertThat(EasyEnsemble.Plan.of(new EnsembleSpec(5, 2.5), new ClassCounts(2000, 40)).perMember())
                .isEqualTo(100);
        assertThat(p.disjoint()).isTrue();
        // slices of 20 < the 40 wanted: each member draws its own 40 from all 100, routing (40 + 6 sqrt(40) + 20) / 100
        EasyEnsemble.Plan few = EasyEnsemble.Plan.of(new EnsembleSpec(5, 1.0), new ClassCounts(100, 40));
        assertThat(few.disjoint()).isFalse();
        assertThat(few.perMember()).isEqualTo(40);
        assertThat(few.keepRate()).isCloseTo(0.97947, within(1e-4));
        // more wanted than there are: every member takes all 100
        EasyEnsemble.Plan all = EasyEnsemble.Plan.of(new EnsembleSpec(5, 4.0), new ClassCounts(100, 40));
        assertThat(all.perMember()).isEqualTo(100);
        assertThat(all.keepRate()).isEqualTo(1.0);
    }

    @Test
    void refusesMoreMembersThanNegativesAndATrainingSplitWithoutPositives() {
        assertThatThrownBy(() -> EasyEnsemble.Plan.of(new EnsembleSpec(8, 1.0), new ClassCounts(5, 3)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ensemble.members = 8").hasMessageContaining("only 5 negatives");
        assertThatThrownBy(() -> EasyEnsemble.Plan.of(new EnsembleSpec(2, 1.0), new ClassCounts(50, 0)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no positives");
        assertThatThrownBy(() -> new EnsembleSpec(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyMemberHoldsEveryPositiveAndExactlyItsShareOfDisjointNegatives() {
        ClassCounts counts = new ClassCounts(2000, 40);
        Map<Integer, List<Integer>> members = dealt(rows(40, 2000, 3), new EnsembleSpec(5, 1.0), counts, 11);
        assertThat(members).hasSize(5);
        Set<Integer> positives = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            positives.add(i);
        }
        Set<Integer> seenNegatives = new HashSet<>();
        for (List<Integer> ids : members.values()) {
            Set<Integer> pos = new HashSet<>(ids.stream().filter(id -> id < 40).toList());
            List<Integer> neg = ids.stream().filter(id -> id >= 40).toList();
            assertThat(pos).isEqualTo(positives);
            assertThat(ids.stream().filter(id -> id < 40).count()).isEqualTo(40); // each positive once
            assertThat(neg).hasSize(40);
            for (int id : neg) {
                assertThat(seenNegatives.add(id)).as("negative %d in two members", id).isTrue();
            }
        }
        assertThat(seenNegatives).hasSize(200);
    }

    @Test
    void withTooFewNegativesForDisjointSlicesEachMemberDrawsItsOwnBalancedShare() {
        ClassCounts counts = new ClassCounts(100, 40);
        Map<Integer, List<Integer>> members = dealt(rows(40, 100, 2), new EnsembleSpec(5, 1.0), counts, 5);
        assertThat(members).hasSize(5);
        Set<Set<Integer>> draws = new HashSet<>();
        for (List<Integer> ids : members.values()) {
            assertThat(ids.stream().filter(id -> id < 40).count()).isEqualTo(40);
            Set<Integer> neg = new HashSet<>(ids.stream().filter(id -> id >= 40).toList());
            assertThat(neg).hasSize(40); // balanced, each negative at most once per member
            draws.add(neg);
        }
        assertThat(draws).hasSize(5); // own draws, not one subset five times
    }

    @Test
    void theMembersAndTheirRowOrderDoNotDependOnThePartitioning() {
        ClassCounts counts = new ClassCounts(1500, 30);
        EnsembleSpec spec = new EnsembleSpec(4, 2.0);
        Map<Integer, List<Integer>> one = dealt(rows(30, 1500, 1), spec, counts, 21);
        Map<Integer, List<Integer>> four = dealt(rows(30, 1500, 4), spec, counts, 21);
        assertThat(four).isEqualTo(one);
        assertThat(dealt(rows(30, 1500, 4), spec, counts, 22)).isNotEqualTo(one); // the seed deals differently
    }

    @Test
    void aTrainedEnsembleScoresTheMeanOfItsMembersProbabilities() {
        JobConfig job = JobConfig.load(null, List.of("model.hidden=[4]", "training.epochs=3",
                "training.earlyStopping.patience=0", "loss.type=bce"));
        Dataset<Row> train = rows(60, 1200, 2).cache();
        Dataset<Row> validation = rows(60, 600, 2).cache();
        LossSpec loss = job.loss();
        EasyEnsemble.Result r = EasyEnsemble.train(SparkTestSession.get(), new EasyEnsemble.Request(
                        new EnsembleSpec(3, 1.0), (m, c) -> NetworkFactory.build(job.model(), 100 + m, 3, 1,
                        loss.outputActivation(), loss.build(c)), 1, job.training(), 9, false, 2.0),
                train, new ClassCounts(1200, 60), validation);
        assertThat(r.networks()).hasSize(3);
        assertThat(r.members()).extracting(EasyEnsemble.Member::negatives).containsOnly(60L);
        assertThat(r.members()).allSatisfy(m -> assertThat(m.validationAp()).hasSize(3));
        assertThat(r.validationRows()).isEqualTo(660);
        // members differ (own slices, own seeds), so the mean is not any one of them
        List<Double> mean = scores(validation, r.networks());
        List<List<Double>> each = new ArrayList<>();
        for (MultiLayerNetwork n : r.networks()) {
            each.add(scores(validation, List.of(n)));
        }
        assertThat(each.get(0)).isNotEqualTo(each.get(1));
        for (int i = 0; i < mean.size(); i++) {
            double expected = (each.get(0).get(i) + each.get(1).get(i) + each.get(2).get(i)) / 3;
            assertThat(mean.get(i)).isCloseTo(expected, within(1e-12));
        }
        train.unpersist();
        validation.unpersist();
    }

    /** Scores in row order (the frame is cached, so both calls see the same order). */
    private static List<Double> scores(Dataset<Row> frame, List<MultiLayerNetwork> nets) {
        return NetworkScorer.score(frame, nets, 1).select(Columns.SCORE).collectAsList().stream()
                .map(row -> row.getDouble(0)).toList();
    }
}
