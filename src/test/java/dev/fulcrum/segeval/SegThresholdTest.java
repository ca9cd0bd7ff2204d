package dev.fulcrum.segeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegThresholdTest {

    @Test
    void knownOptimumWithTiesBrokenTowardsOneHalf() {
        // Image p is perfect for t in (0.375, 0.625], image q for t in (0.5625, 0.75]: both only in
        // (0.5625, 0.625], i.e. grid points 0.57 .. 0.62; the one closest to 0.5 is 0.57.
        ScoredImages s = new ScoredImages()
                .add("p", 4, 1, new float[] {1, 1, 0, 0}, new float[] {0.875f, 0.625f, 0.375f, 0.125f})
                .add("q", 4, 1, new float[] {1, 0, 0, 0}, new float[] {0.75f, 0.5625f, 0.25f, 0.25f});
        TunedThreshold t = SegThreshold.tune(s.frame(2));
        assertThat(t.threshold()).isEqualTo(0.57);
        assertThat(t.meanDice()).isEqualTo(1.0);
        assertThat(t.images()).isEqualTo(2);
        assertThat(t.candidates()).isEqualTo(99);
        assertThat(t.choice().strategy()).isEqualTo("max-mean-image-dice over 99 candidates 0.01..0.99");
        assertThat(t.choice().chosenOn()).isEqualTo("validation");
        assertThat(t.choice().value()).isEqualTo(0.57);
    }

    @Test
    void allCandidatesTiedPicksOneHalf() {
        // Empty truth and no probability above 0: Dice 1 at every candidate.
        ScoredImages s = new ScoredImages().add("e", 3, 1, new float[3], new float[3]);
        assertThat(SegThreshold.tune(s.frame(1)).threshold()).isEqualTo(0.5);
        // Without 0.5 on the grid, the two equally close candidates go to the lower one.
        assertThat(SegThreshold.tune(s.frame(1), new double[] {0.2, 0.4, 0.6, 0.8}).threshold()).isEqualTo(0.4);
    }

    @Test
    void agreesWithBruteForceMeanDiceOnRandomImages() {
        Random r = new Random(9);
        ScoredImages s = new ScoredImages();
        List<float[][]> pixels = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int w = 4 + r.nextInt(6);
            int h = 3 + r.nextInt(4);
            float[] mask = new float[w * h];
            float[] prob = new float[w * h];
            boolean empty = k % 4 == 0;
            for (int i = 0; i < mask.length; i++) {
                mask[i] = !empty && r.nextDouble() < 0.3 ? 1 : 0;
                prob[i] = (float) Math.min(1, Math.max(0, 0.5 * mask[i] + 0.3 + 0.2 * r.nextGaussian()));
            }
            s.add("r" + k, w, h, mask, prob);
            pixels.add(new float[][] {mask, prob});
            sizes.add(new int[] {w, h});
        }
        double[] grid = SegThreshold.defaultGrid();
        TunedThreshold tuned = SegThreshold.tune(s.frame(3), grid);
        // Reference: the mean of ImageScore.dice (direct thresholding) at every candidate.
        double bestDice = -1;
        double bestT = Double.NaN;
        for (double t : grid) {
            double sum = 0;
            for (int k = 0; k < pixels.size(); k++) {
                sum += ImageScores.standard().score("r" + k, sizes.get(k)[0], sizes.get(k)[1], pixels.get(k)[0],
                        pixels.get(k)[1], t).dice();
            }
            double mean = sum / pixels.size();
            if (mean > bestDice + 1e-12 || Math.abs(mean - bestDice) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(bestT - 0.5)) {
                bestDice = mean;
                bestT = t;
            }
        }
        assertThat(tuned.threshold()).isEqualTo(bestT);
        assertThat(tuned.meanDice()).isCloseTo(bestDice, within(1e-12));
        // And the evaluation at the tuned threshold reports the same mean Dice.
        SegEvaluation e = SegEvaluation.evaluate(s.frame(2), tuned.threshold());
        assertThat(e.metrics(tuned.choice()).allImages().meanDice()).isCloseTo(tuned.meanDice(), within(1e-12));
    }

    @Test
    void refusesBadGridsAndBadImages() {
        ScoredImages s = new ScoredImages().add("x", 2, 1, new float[] {2, 0}, new float[2]);
        assertThatThrownBy(() -> SegThreshold.tune(s.frame(1))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("image x: mask at pixel (x=0, y=0) must be 0 or 1; got 2.0");
        ScoredImages ok = new ScoredImages().add("o", 2, 1, new float[2], new float[2]);
        assertThatThrownBy(() -> SegThreshold.tune(ok.frame(1), new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> SegThreshold.tune(ok.frame(1).limit(0))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no validation image");
    }
}
