package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StratifiedSplitterTest {
    private static final int N = 3000;
    private static Dataset<Row> data;

    /** 3000 rows, 1 in 37 positive (82 positives), 120 cards, a time column, a few exact duplicate value rows. */
    @BeforeAll
    static void data() {
        data = SparkTestSession.get().range(0, N).toDF("id")
                .withColumn("Time", expr("cast((id * 7919) % 3000 as double)"))
                .withColumn("V1", expr("sin(id)"))
                .withColumn("card", expr("concat('c', cast(id % 120 as string))"))
                .withColumn("label", expr("cast(case when id % 37 = 0 then 1.0 else 0.0 end as double)"))
                .repartition(3);
    }

    @Test
    void proportionsAreExactPerClassAndNoRowIsLostOrDuplicated() {
        Splits s = StratifiedSplitter.split(data, "label", SplitSpec.of(0.6, 0.2, 0.2, 7));
        Map<Double, Long> all = counts(data);
        Map<Double, Long> tr = counts(s.train());
        Map<Double, Long> va = counts(s.validation());
        Map<Double, Long> te = counts(s.test());
        for (double c : all.keySet()) {
            long n = all.get(c);
            assertThat(tr.get(c)).isCloseTo(Math.round(0.6 * n), org.assertj.core.data.Offset.offset(1L));
            assertThat(va.get(c)).isCloseTo(Math.round(0.2 * n), org.assertj.core.data.Offset.offset(1L));
            assertThat(tr.get(c) + va.get(c) + te.get(c)).isEqualTo(n);
        }
        List<Long> ids = new ArrayList<>();
        for (Dataset<Row> d : List.of(s.train(), s.validation(), s.test())) {
            ids.addAll(d.select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
        }
        assertThat(ids).hasSize(N).doesNotHaveDuplicates();
        assertThat(ids.stream().mapToLong(Long::longValue).sum()).isEqualTo((long) N * (N - 1) / 2);
        assertThat(s.train().columns()).containsExactly(data.columns());
    }

    @Test
    void aSampleKeepsEachClassAtTheRateAndDependsOnTheSeedOnly() {
        Dataset<Row> cached = data.persist();
        try {
            Dataset<Row> s = StratifiedSplitter.sample(cached, "label", 0.1, 5);
            Map<Double, Long> all = counts(cached);
            Map<Double, Long> got = counts(s);
            // 2918 negatives, 82 positives: round(291.8) = 292 and round(8.2) = 8, +-1 row
            assertThat(all).containsEntry(0.0, 2918L).containsEntry(1.0, 82L);
            assertThat(got.get(0.0)).isCloseTo(292L, org.assertj.core.data.Offset.offset(1L))
                    .isEqualTo(StratifiedSplitter.sampledRows(0.1, 2918));
            assertThat(got.get(1.0)).isCloseTo(8L, org.assertj.core.data.Offset.offset(1L))
                    .isEqualTo(StratifiedSplitter.sampledRows(0.1, 82));
            assertThat(s.columns()).containsExactly(data.columns());
            Set<Long> ids = ids(s);
            assertThat(ids).hasSize((int) s.count()); // no row twice
            assertThat(ids(StratifiedSplitter.sample(data.repartition(7), "label", 0.1, 5))).isEqualTo(ids);
            assertThat(ids(StratifiedSplitter.sample(cached, "label", 0.1, 6))).isNotEqualTo(ids);
            assertThat(StratifiedSplitter.sample(cached, "label", 1.0, 5).count()).isEqualTo(N);
        } finally {
            cached.unpersist();
        }
    }

    @Test
    void sameResultForOneAndEightPartitionsAndSeedMatters() {
        SplitSpec spec = SplitSpec.of(0.6, 0.2, 0.2, 7);
        Set<Long> one = ids(StratifiedSplitter.split(data.repartition(1), "label", spec).test());
        Set<Long> eight = ids(StratifiedSplitter.split(data.repartition(8), "label", spec).test());
        assertThat(one).isEqualTo(eight);
        Set<Long> other = ids(StratifiedSplitter.split(data, "label", SplitSpec.of(0.6, 0.2, 0.2, 8)).test());
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void sameSplitAsRankingEachClassByAGlobalSortOfTheHash() {
        SplitSpec spec = SplitSpec.of(0.6, 0.2, 0.2, 7);
        Splits s = StratifiedSplitter.split(data, "label", spec);
        // the reference: every row ranked inside its class by a distributed sort of the same hash
        Dataset<Row> units = data
                .withColumn(OrderedAssignment.STRATUM, col("label").cast("string"))
                .withColumn(OrderedAssignment.ORDER, org.apache.spark.sql.functions.lit(0.0))
                .withColumn(OrderedAssignment.TIE, StratifiedSplitter.rowHash(data, 7))
                .withColumn(OrderedAssignment.WEIGHT, org.apache.spark.sql.functions.lit(1L));
        Dataset<Row> ranked = OrderedAssignment.assign(units, OrderedAssignment.byCumulativeFractions(new double[] {0.6, 0.8}));
        List<Dataset<Row>> parts = List.of(s.train(), s.validation(), s.test());
        for (int b = 0; b < 3; b++) {
            assertThat(ids(parts.get(b))).isEqualTo(ids(ranked.where(col(OrderedAssignment.BUCKET).equalTo(b))));
        }
        ranked.unpersist();
    }

    @Test
    void aCachedInputIsSplitInPlaceWithTheSameResult() {
        SplitSpec spec = SplitSpec.of(0.6, 0.2, 0.2, 7);
        Dataset<Row> cached = data.persist();
        try {
            Dataset<Row> valid = cached.where(col("id").geq(0)).drop("card");
            assertThat(StratifiedSplitter.readsFromCache(valid)).isTrue();
            assertThat(StratifiedSplitter.readsFromCache(data.drop("card"))).isTrue();
            assertThat(StratifiedSplitter.readsFromCache(data.unionByName(data))).isFalse();
            assertThat(StratifiedSplitter.readsFromCache(valid.withColumn("r", org.apache.spark.sql.functions.rand())))
                    .isFalse();
            Splits direct = StratifiedSplitter.split(valid, "label", spec);
            Splits copied = StratifiedSplitter.split(valid.repartition(2), "label", spec);
            assertThat(StratifiedSplitter.readsFromCache(valid.repartition(2))).isFalse();
            assertThat(ids(direct.train())).isEqualTo(ids(copied.train()));
            assertThat(ids(direct.validation())).isEqualTo(ids(copied.validation()));
            assertThat(ids(direct.test())).isEqualTo(ids(copied.test()));
        } finally {
            cached.unpersist();
        }
        assertThat(StratifiedSplitter.readsFromCache(data)).isFalse();
    }

    @Test
    void rowsBeforeACutFollowTheMidpointRule() {
        double[] cuts = {0.6, 0.8, 0.1, 1.0 / 3, 0.5};
        for (long n = 1; n <= 400; n++) {
            for (double cut : cuts) {
                OrderedAssignment.Assigner rule = OrderedAssignment.byCumulativeFractions(new double[] {cut});
                long expected = 0;
                for (long start = 0; start < n; start++) {
                    expected += rule.bucket(start, 1, n) == 0 ? 1 : 0;
                }
                assertThat(StratifiedSplitter.below(cut, n)).as("cut %s of %s rows", cut, n).isEqualTo(expected)
                        .isCloseTo(Math.round(cut * n), org.assertj.core.data.Offset.offset(1L));
            }
        }
    }

    /**
     * 2000 rows with only five distinct rows per class (600 positives, 1400 negatives): every cut
     * falls inside a run of identical rows, which must still be split to the exact count.
     */
    @Test
    void cutsInsideRunsOfIdenticalRowsAreExactAndIndependentOfPartitioning() {
        Dataset<Row> dup = SparkTestSession.get().range(0, 2000).toDF("id")
                .select(expr("cast(id % 5 as double) as V1"),
                        expr("cast(case when id % 10 < 3 then 1.0 else 0.0 end as double) as label"));
        SplitSpec spec = SplitSpec.of(0.6, 0.2, 0.2, 7);
        Splits four = StratifiedSplitter.split(dup.repartition(4), "label", spec);
        // round(0.6 n) and round(0.2 n) of 600 and 1400
        assertThat(counts(four.train())).containsEntry(1.0, 360L).containsEntry(0.0, 840L);
        assertThat(counts(four.validation())).containsEntry(1.0, 120L).containsEntry(0.0, 280L);
        assertThat(counts(four.test())).containsEntry(1.0, 120L).containsEntry(0.0, 280L);
        assertThat(valueCounts(four.train().union(four.validation()).union(four.test()))).isEqualTo(valueCounts(dup));
        Splits one = StratifiedSplitter.split(dup.repartition(1), "label", spec);
        assertThat(valueCounts(one.train())).isEqualTo(valueCounts(four.train()));
        assertThat(valueCounts(one.validation())).isEqualTo(valueCounts(four.validation()));
        assertThat(valueCounts(one.test())).isEqualTo(valueCounts(four.test()));
    }

    private static Map<String, Long> valueCounts(Dataset<Row> d) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Row r : d.groupBy("V1", "label").count().collectAsList()) {
            m.put(r.getDouble(0) + "/" + r.getDouble(1), r.getLong(2));
        }
        return m;
    }

    @Test
    void groupKeyNeverCrossesSplits() {
        Splits s = StratifiedSplitter.split(data, "label", SplitSpec.of(0.6, 0.2, 0.2, 3, "card", null));
        Set<String> seen = new HashSet<>();
        long rows = 0;
        for (Dataset<Row> d : List.of(s.train(), s.validation(), s.test())) {
            List<String> cards = d.select("card").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
            for (String c : cards) {
                assertThat(seen.add(c)).as("card %s in two splits", c).isTrue();
            }
            rows += d.count();
        }
        assertThat(seen).hasSize(120);
        assertThat(rows).isEqualTo(N);
        // 25 rows per card: the train share is within one group of 60%.
        assertThat(s.train().count()).isBetween((long) (0.6 * N) - 25, (long) (0.6 * N) + 25);
    }

    @Test
    void timeOrderedSplitTrainsOnThePast() {
        Splits s = StratifiedSplitter.split(data, "label", SplitSpec.of(0.6, 0.2, 0.2, 3, null, "Time"));
        double trainMax = s.train().agg(expr("max(Time)")).first().getDouble(0);
        double valMin = s.validation().agg(expr("min(Time)")).first().getDouble(0);
        double valMax = s.validation().agg(expr("max(Time)")).first().getDouble(0);
        double testMin = s.test().agg(expr("min(Time)")).first().getDouble(0);
        assertThat(trainMax).isLessThanOrEqualTo(valMin);
        assertThat(valMax).isLessThanOrEqualTo(testMin);
        assertThat(s.train().count()).isEqualTo(1800);
        assertThat(s.validation().count()).isEqualTo(600);
    }

    @Test
    void missingColumnIsAConfigError() {
        assertThatThrownBy(() -> StratifiedSplitter.split(data, "label", SplitSpec.of(0.6, 0.2, 0.2, 3, "cardId", null)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("split.groupBy: expected a column of the input; got \"cardId\"");
    }

    static Map<Double, Long> counts(Dataset<Row> d) {
        Map<Double, Long> m = new java.util.TreeMap<>();
        for (Row r : d.groupBy("label").count().collectAsList()) {
            m.put(r.getDouble(0), r.getLong(1));
        }
        return m;
    }

    private static Set<Long> ids(Dataset<Row> d) {
        return new HashSet<>(d.select(col("id")).as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    }
}
