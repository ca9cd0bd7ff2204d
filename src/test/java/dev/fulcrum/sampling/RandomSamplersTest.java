package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RandomSamplersTest {
    private static final Dataset<Row> TRAIN = Frames.gaussian(1000, 37, 3, 1, 3);

    @Test
    void undersamplesMajorityToRatioExactly() {
        Dataset<Row> out = new RandomUnderSampler(0.5).resample(TRAIN, 9);
        Map<Double, Long> c = ClassBalance.counts(out);
        assertThat(c).containsEntry(1.0, 37L).containsEntry(0.0, 74L); // floor(37 / 0.5)
        Set<Long> ids = ids(out);
        assertThat(ids).hasSize(111);
        assertThat(ids(TRAIN)).containsAll(ids); // kept rows are original rows, no duplicates
        assertThat(ids(new RandomUnderSampler(0.5).resample(TRAIN.repartition(1), 9))).isEqualTo(ids);
        assertThat(ids(new RandomUnderSampler(0.5).resample(TRAIN, 10))).isNotEqualTo(ids);
    }

    @Test
    void undersamplingThatWouldAddRowsIsAClearError() {
        assertThatThrownBy(() -> new RandomUnderSampler(0.01, "sampling[1].ratio").resample(TRAIN, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("sampling[1].ratio asks for 3700 majority rows but the training split has only 1000");
        assertThatThrownBy(() -> new RandomUnderSampler(1.5))
                .isInstanceOf(BadInputException.class)
                .hasMessage("undersample.ratio must be in (0, 1] (minority/majority after resampling); got 1.5");
    }

    @Test
    void oversamplesMinorityWithReplacementToRatio() {
        Dataset<Row> out = new RandomOverSampler(0.3).resample(TRAIN, 5);
        Map<Double, Long> c = ClassBalance.counts(out);
        assertThat(c).containsEntry(0.0, 1000L).containsEntry(1.0, 300L);
        List<Long> minIds = out.where(col("label").equalTo(1.0)).select("id").as(Encoders.LONG()).collectAsList();
        Set<Long> originalMinority = ids(TRAIN.where(col("label").equalTo(1.0)));
        assertThat(new HashSet<>(minIds)).isEqualTo(originalMinority);
        List<Long> again = new RandomOverSampler(0.3).resample(TRAIN.repartition(5), 5)
                .where(col("label").equalTo(1.0)).select("id").as(Encoders.LONG()).collectAsList();
        assertThat(again).containsExactlyInAnyOrderElementsOf(minIds);
    }

    private static Set<Long> ids(Dataset<Row> d) {
        return new HashSet<>(d.select("id").as(Encoders.LONG()).collectAsList());
    }
}
