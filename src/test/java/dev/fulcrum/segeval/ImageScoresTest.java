package dev.fulcrum.segeval;

import static dev.fulcrum.segeval.Masks.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.error.BadInputException;
import org.junit.jupiter.api.Test;

class ImageScoresTest {
    private static final ImageScores STANDARD = ImageScores.standard();

    @Test
    void pixelCountsDiceAndIouByHand() {
        float[] truth = floats(
                "##..",
                "##..",
                "....");
        float[] prob = {
            0.9f, 0.2f, 0.7f, 0f,
            0.5f, 0.6f, 0f, 0f,
            0f, 0f, 0f, 0.49f};
        ImageScore s = STANDARD.score("a", 4, 3, truth, prob, 0.5);
        // predicted at 0.5 (inclusive): (0,0) (2,0) (0,1) (1,1); truth (0,0) (1,0) (0,1) (1,1)
        assertThat(s.tp()).isEqualTo(3);
        assertThat(s.fp()).isEqualTo(1);
        assertThat(s.fn()).isEqualTo(1);
        assertThat(s.tn()).isEqualTo(7);
        assertThat(s.dice()).isCloseTo(6.0 / 8, within(1e-15));
        assertThat(s.iou()).isCloseTo(3.0 / 5, within(1e-15));
        assertThat(s.hasForeground()).isTrue();
        // One truth lesion, detected; the predicted pixel (2,0) touches (1,1) diagonally: one component.
        assertThat(s.trueLesions()).isEqualTo(1);
        assertThat(s.detectedLesions()).isEqualTo(1);
        assertThat(s.predictedComponents()).isEqualTo(1);
        assertThat(s.falsePositiveComponents()).isZero();
        // Threshold just above 0.5 drops (0,1): the inclusive rule matters.
        assertThat(STANDARD.score("a", 4, 3, truth, prob, 0.5000001).tp()).isEqualTo(2);
    }

    @Test
    void emptyMaskConvention() {
        float[] empty = new float[6];
        float[] none = new float[6];
        float[] some = {0, 0, 0.8f, 0, 0, 0};
        ImageScore bothEmpty = STANDARD.score("e", 3, 2, empty, none, 0.5);
        assertThat(bothEmpty.dice()).isEqualTo(1.0);
        assertThat(bothEmpty.iou()).isEqualTo(1.0);
        assertThat(bothEmpty.hasForeground()).isFalse();
        ImageScore falseAlarm = STANDARD.score("f", 3, 2, empty, some, 0.5);
        assertThat(falseAlarm.dice()).isZero();
        assertThat(falseAlarm.iou()).isZero();
        assertThat(falseAlarm.falsePositiveComponents()).isEqualTo(1);
        ImageScore missed = STANDARD.score("m", 3, 2, floats("..#", "..."), none, 0.5);
        assertThat(missed.dice()).isZero();
        assertThat(missed.trueLesions()).isEqualTo(1);
        assertThat(missed.detectedLesions()).isZero();
    }

    @Test
    void lesionDetectionByOverlapOrByIou() {
        float[] truth = floats(
                "###.....",
                "###...#.",
                "###.....",
                "........",
                "##....##");
        // Prediction: one pixel inside lesion A (top left 3x3), nothing on B (6,1), C (bottom left)
        // exactly covered, and a spurious pixel (5,3) diagonal to D (bottom right) but not on it.
        float[] pred = floats(
                "#.......",
                "........",
                "........",
                ".....#..",
                "##......");
        ImageScore any = STANDARD.score("l", 8, 5, truth, pred, 0.5);
        assertThat(any.trueLesions()).isEqualTo(4);
        assertThat(any.predictedComponents()).isEqualTo(3);
        assertThat(any.detectedLesions()).isEqualTo(2);          // A (one pixel is enough) and C
        assertThat(any.falsePositiveComponents()).isEqualTo(1); // the pixel at (5,3)
        // IoU >= 0.5: A's overlap 1/9 no longer counts, and its predicted pixel becomes a false positive.
        ImageScore strict = new ImageScores(Connectivity.EIGHT, 0.5).score("l", 8, 5, truth, pred, 0.5);
        assertThat(strict.detectedLesions()).isEqualTo(1);
        assertThat(strict.falsePositiveComponents()).isEqualTo(2);
        // The pixel at (5,3) touches D's (6,4) diagonally: under 8-connectivity a neighbour, yet
        // not overlapping it, so it stays a false positive either way.
        assertThat(new ImageScores(Connectivity.FOUR, 0).score("l", 8, 5, truth, pred, 0.5).trueLesions())
                .isEqualTo(4);
    }

    @Test
    void diagonalLesionCountsOnceUnderEightConnectivityOnly() {
        float[] truth = floats("#..", ".#.", "..#");
        float[] pred = floats("#..", "...", "...");
        assertThat(STANDARD.score("d", 3, 3, truth, pred, 0.5).trueLesions()).isEqualTo(1);
        ImageScore four = new ImageScores(Connectivity.FOUR, 0).score("d", 3, 3, truth, pred, 0.5);
        assertThat(four.trueLesions()).isEqualTo(3);
        assertThat(four.detectedLesions()).isEqualTo(1);
    }

    @Test
    void malformedImagesAreNamed() {
        assertThatThrownBy(() -> STANDARD.score("img-7", 2, 2, new float[] {0, 1, 0.5f, 0}, new float[4], 0.5))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("image img-7: mask at pixel (x=0, y=1) must be 0 or 1; got 0.5");
        assertThatThrownBy(() -> STANDARD.score("img-8", 2, 2, new float[4], new float[] {0, 0, 0, Float.NaN}, 0.5))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("image img-8: prob at pixel (x=1, y=1) must be a probability in [0,1]; got NaN");
        assertThatThrownBy(() -> STANDARD.score("img-9", 3, 2, new float[6], new float[4], 0.5))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("image img-9: 3x2 needs 6 pixels").hasMessageContaining("got 6 and 4");
        assertThatThrownBy(() -> new ImageScores(Connectivity.EIGHT, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1.5");
    }
}
