package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ImageSplitterTest {
    private final SparkSession spark = SparkTestSession.get();
    private static final double[] FRACTIONS = {0.7, 0.15, 0.15};

    /** 4x4 images: id -> foreground pixels (0 empty, 1-3 small under cut 0.25, 4+ large). */
    private static Map<String, Integer> design() {
        Map<String, Integer> fg = new HashMap<>();
        for (int i = 0; i < 113; i++) {
            int k = i < 23 ? 0 : i < 64 ? 1 + i % 3 : 4 + i % 5; // 23 empty, 41 small, 49 large
            fg.put(String.format("im%03d", i), k);
        }
        return fg;
    }

    private Dataset<Row> images(Map<String, Integer> fg, int partitions) {
        List<Row> rows = new ArrayList<>();
        fg.forEach((id, k) -> {
            float[] mask = new float[16];
            for (int p = 0; p < k; p++) {
                mask[p] = 1f;
            }
            rows.add(ImageRows.row(id, 4, 4, new float[16], mask));
        });
        return spark.createDataFrame(rows, ImageRows.SCHEMA).repartition(partitions);
    }

    private static List<Set<String>> ids(ImageSplitter.ImageSplits s) {
        List<Set<String>> out = new ArrayList<>();
        for (Dataset<Row> d : List.of(s.train(), s.validation(), s.test())) {
            Set<String> set = new HashSet<>();
            d.select(ImageRows.ID).collectAsList().forEach(r -> assertThat(set.add(r.getString(0))).isTrue());
            out.add(set);
        }
        return out;
    }

    private static String stratum(int k) {
        return k == 0 ? "empty" : k < 4 ? "small" : "large";
    }

    @Test
    void splitsAreDisjointCompleteAndExactPerStratumAndKeepTheImages() {
        Map<String, Integer> fg = design();
        ImageSplitter.ImageSplits s = ImageSplitter.split(images(fg, 3), new ImageSplitSpec(0.7, 0.15, 0.15, 5, 0.25));
        List<Set<String>> parts = ids(s);
        Set<String> all = new HashSet<>();
        parts.forEach(p -> all.addAll(p));
        assertThat(all).isEqualTo(fg.keySet());
        assertThat(parts.get(0).size() + parts.get(1).size() + parts.get(2).size()).isEqualTo(113);
        Map<String, Long> n = Map.of("empty", 23L, "small", 41L, "large", 49L);
        for (String st : n.keySet()) {
            for (int j = 0; j < 3; j++) {
                int jj = j;
                long got = parts.get(j).stream().filter(id -> stratum(fg.get(id)).equals(st)).count();
                // exact to within one image of f_j * n_s, per stratum
                assertThat(Math.abs(got - FRACTIONS[jj] * n.get(st))).as(st + " part " + j).isLessThan(1.0);
                assertThat(s.perStratum().get(st)[j]).isEqualTo(got);
            }
        }
        assertThat(s.train().schema()).isEqualTo(ImageRows.SCHEMA);
        Row one = s.test().first();
        assertThat(ImageRows.floats(one, ImageRows.MASK)).hasSize(16);
        s.release();
    }

    @Test
    void theSplitIsTheSameForAnyPartitioningAndTheSeedChangesIt() {
        Map<String, Integer> fg = design();
        ImageSplitSpec spec = new ImageSplitSpec(0.7, 0.15, 0.15, 5, 0.25);
        List<Set<String>> one = ids(ImageSplitter.split(images(fg, 1), spec));
        List<Set<String>> four = ids(ImageSplitter.split(images(fg, 4), spec));
        assertThat(four).isEqualTo(one);
        List<Set<String>> other = ids(ImageSplitter.split(images(fg, 4), new ImageSplitSpec(0.7, 0.15, 0.15, 6, 0.25)));
        assertThat(other.get(0)).isNotEqualTo(one.get(0));
        assertThat(other.get(1)).isNotEqualTo(one.get(1));
    }

    @Test
    void withoutASizeCutTheMedianForegroundShareOfNonEmptyImagesSeparatesSmallFromLarge() {
        Map<String, Integer> fg = new HashMap<>();
        int[] ks = {0, 0, 1, 2, 3, 5, 8}; // non-empty shares 1,2,3,5,8 /16: median 3/16
        for (int i = 0; i < ks.length; i++) {
            fg.put("m" + i, ks[i]);
        }
        ImageSplitter.ImageSplits s = ImageSplitter.split(images(fg, 2), ImageSplitSpec.of(0.5, 0.25, 0.25, 1));
        assertThat(s.sizeCut()).isEqualTo(3 / 16.0);
        assertThat(s.perStratum().get("empty")).containsExactly(1, 1, 0); // 2 images: 1, 0.5, 0.5 -> train first
        assertThat(s.perStratum().get("small")).containsExactly(1, 1, 0); // shares 1/16, 2/16
        // 3/16, 5/16, 8/16: quotas 1.5, 0.75, 0.75 -> floors 1, 0, 0 and the two largest remainders (0.75) get one each
        assertThat(s.perStratum().get("large")).containsExactly(1, 1, 1);
    }

    @Test
    void largestRemainderCountsAndValidation() {
        assertThat(ImageSplitter.counts(FRACTIONS, 20)).containsExactly(14, 3, 3);
        assertThat(ImageSplitter.counts(FRACTIONS, 7)).containsExactly(5, 1, 1); // 4.9, 1.05, 1.05
        assertThat(ImageSplitter.counts(FRACTIONS, 1)).containsExactly(1, 0, 0);
        assertThat(ImageSplitter.counts(FRACTIONS, 0)).containsExactly(0, 0, 0);
        for (long n = 0; n < 300; n++) {
            long[] c = ImageSplitter.counts(FRACTIONS, n);
            assertThat(c[0] + c[1] + c[2]).isEqualTo(n);
            for (int j = 0; j < 3; j++) {
                assertThat(Math.abs(c[j] - FRACTIONS[j] * n)).isLessThan(1.0);
            }
        }
        assertThatThrownBy(() -> ImageSplitSpec.of(0.7, 0.2, 0.2, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("must sum to 1");
        assertThatThrownBy(() -> new ImageSplitSpec(0.7, 0.15, 0.15, 1, 0.0)).hasMessageContaining("sizeCut");
        List<Row> dup = List.of(ImageRows.row("x", 4, 4, new float[16], new float[16]),
                ImageRows.row("x", 4, 4, new float[16], new float[16]));
        assertThatThrownBy(() -> ImageSplitter.split(spark.createDataFrame(dup, ImageRows.SCHEMA),
                ImageSplitSpec.of(0.7, 0.15, 0.15, 1))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("image id x occurs 2 times");
    }
}
