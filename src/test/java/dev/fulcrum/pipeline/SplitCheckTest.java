package dev.fulcrum.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.sampling.SplitSpec;
import dev.fulcrum.sampling.StratifiedSplitter;
import org.junit.jupiter.api.Test;

class SplitCheckTest {
    @Test
    void minimumRowsFollowsTheSplittersCuts() {
        // The splitter puts rank s of n before cumulative fraction c iff (s + 1/2) / n < c.
        // 0.6/0.2 (cuts 0.6, 0.8): n=3 -> 2 | 2 -> 2/0/1; n=4 -> 2 | 3 -> 2/1/1
        assertThat(SplitCheck.minimumRows(SplitSpec.of(0.6, 0.2, 0.2, 1))).isEqualTo(4);
        // 0.7/0.15 (cuts 0.7, 0.85): n=4 -> 3 | 3 -> 3/0/1; n=5 -> 3 | 4 -> 3/1/1
        assertThat(SplitCheck.minimumRows(SplitSpec.of(0.7, 0.15, 0.15, 1))).isEqualTo(5);
        // 0.8/0.1 (cuts 0.8, 0.9): n=7 -> 6 | 6 -> 6/0/1; n=8 -> 6 | 7 -> 6/1/1
        assertThat(SplitCheck.minimumRows(SplitSpec.of(0.8, 0.1, 0.1, 1))).isEqualTo(8);
        assertThat(StratifiedSplitter.rowsPerSplit(SplitSpec.of(0.7, 0.15, 0.15, 1), 5)).containsExactly(3, 1, 1);
    }

    @Test
    void namesEverySplitThatMissesAClassWithAllCounts() {
        SplitSpec spec = SplitSpec.of(0.6, 0.2, 0.2, 1);
        assertThatThrownBy(() -> SplitCheck.requireBothClasses(new ClassCounts(297, 3), new ClassCounts(178, 2),
                new ClassCounts(59, 1), new ClassCounts(60, 0), spec))
                .isInstanceOf(BadInputException.class)
                .hasMessage("split: the test split has no positive rows (train 2/180, validation 1/60, test 0/60 "
                        + "positives/rows; the input has 3 positive and 297 negative rows). Training needs both classes, "
                        + "validation needs them to tune the threshold and stop early, test to measure the model; "
                        + "with fractions 0.6/0.2/0.2 a class needs at least 4 rows to reach every split; provide more "
                        + "rows of it or change the split fractions");
        assertThatThrownBy(() -> SplitCheck.requireBothClasses(new ClassCounts(0, 1), new ClassCounts(0, 1),
                new ClassCounts(0, 0), new ClassCounts(0, 0), spec))
                .hasMessageStartingWith("split: the train split has no negative rows; the validation split is empty; "
                        + "the test split is empty (");
        assertThatCode(() -> SplitCheck.requireBothClasses(new ClassCounts(296, 4), new ClassCounts(178, 2),
                new ClassCounts(59, 1), new ClassCounts(59, 1), spec)).doesNotThrowAnyException();
    }
}
