package dev.fulcrum.segeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.ThresholdChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegEvaluationTest {

    /**
     * Three 2x1 images. Pixels (prob, truth): a (0.75,1) (0.5,0); b (0.5,0) (0.25,1); c (0,0) (0,0).
     * P = 2, N = 4. AP: at 0.75 recall 1/2 precision 1; at 0.25 recall 1 precision 2/4:
     * 0.5·1 + 0.5·0.5 = 0.75. ROC-AUC: the 0.75 positive beats 4 negatives, the 0.25 one beats 2:
     * 6/8. At threshold 0.5: a TP 1 FP 1 (Dice 2/3, IoU 1/2), b FP 1 FN 1 (0, 0), c empty/empty (1, 1).
     */
    static ScoredImages threeImages() {
        return new ScoredImages()
                .add("a", 2, 1, new float[] {1, 0}, new float[] {0.75f, 0.5f})
                .add("b", 2, 1, new float[] {0, 1}, new float[] {0.5f, 0.25f})
                .add("c", 2, 1, new float[] {0, 0}, new float[] {0f, 0f});
    }

    @Test
    void handComputedMetricsOfThreeImages() {
        for (int parts : new int[] {1, 3}) {
            SegEvaluation e = SegEvaluation.evaluate(threeImages().frame(parts), 0.5);
            assertThat(e.images()).extracting(ImageScore::id).containsExactly("a", "b", "c");
            SegMetrics m = e.metrics(new ThresholdChoice("fixed", 0.5, "test"));

            assertThat(m.allImages().images()).isEqualTo(3);
            assertThat(m.allImages().meanDice()).isCloseTo((2.0 / 3 + 0 + 1) / 3, within(1e-15));
            assertThat(m.allImages().medianDice()).isCloseTo(2.0 / 3, within(1e-15));
            assertThat(m.allImages().meanIoU()).isCloseTo(0.5, within(1e-15));
            assertThat(m.allImages().medianIoU()).isCloseTo(0.5, within(1e-15));
            assertThat(m.imagesWithForeground().images()).isEqualTo(2);
            assertThat(m.imagesWithForeground().meanDice()).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(m.imagesWithForeground().medianDice()).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(m.imagesWithForeground().medianIoU()).isCloseTo(0.25, within(1e-15));

            SegMetrics.Pixels px = m.pixels();
            assertThat(List.of(px.positives(), px.negatives(), px.tp(), px.fp(), px.fn(), px.tn()))
                    .containsExactly(2L, 4L, 1L, 2L, 1L, 2L);
            assertThat(px.precision()).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(px.recall()).isCloseTo(0.5, within(1e-15));
            assertThat(px.f1()).isCloseTo(0.4, within(1e-15));
            assertThat(px.prAuc()).isCloseTo(0.75, within(1e-15));
            assertThat(px.rocAuc()).isCloseTo(0.75, within(1e-15));

            // a's lesion is hit; b's lesion is missed and b's predicted pixel is a false positive.
            assertThat(m.lesions().trueLesions()).isEqualTo(2);
            assertThat(m.lesions().detected()).isEqualTo(1);
            assertThat(m.lesions().recall()).isCloseTo(0.5, within(1e-15));
            assertThat(m.lesions().falsePositiveComponents()).isEqualTo(1);
            assertThat(m.lesions().falsePositiveComponentsPerImage()).isCloseTo(1.0 / 3, within(1e-15));
        }
    }

    @Test
    void metricsJsonCarriesProvenanceAndNullsForUndefinedMeans() {
        // Only empty truth masks: no foreground image, no lesion -> NaN means become null in JSON.
        Dataset<Row> df = new ScoredImages().add("e", 2, 2, new float[4], new float[] {0, 0.9f, 0, 0}).frame(1);
        SegEvaluation e = SegEvaluation.evaluate(df, 0.5);
        SegMetrics m = e.metrics(new ThresholdChoice("max-mean-image-dice", 0.5, "validation"));
        Map<String, Object> json = Json.read(Json.write(m));
        @SuppressWarnings("unchecked")
        Map<String, Object> threshold = (Map<String, Object>) json.get("threshold");
        assertThat(threshold).containsEntry("strategy", "max-mean-image-dice").containsEntry("value", 0.5)
                .containsEntry("chosenOn", "validation");
        @SuppressWarnings("unchecked")
        Map<String, Object> fg = (Map<String, Object>) json.get("imagesWithForeground");
        assertThat(fg).containsEntry("images", 0).containsEntry("meanDice", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) json.get("allImages");
        assertThat(all).containsEntry("meanDice", 0.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> conv = (Map<String, Object>) json.get("conventions");
        assertThat(conv.get("emptyMask").toString()).contains("ignore_empty=False");
        assertThat(conv.get("lesions").toString()).startsWith("eight-connected");
        assertThat(((Map<?, ?>) json.get("lesions")).get("recall")).isNull();
        assertThat(((Map<?, ?>) json.get("pixels")).get("prAuc")).isNull();
        assertThatThrownBy(() -> e.metrics(new ThresholdChoice("x", 0.4, "validation")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
    }

    @Test
    void pixelSummaryEqualsBinaryEvaluatorOnTheRowLevelPixels() {
        Random r = new Random(5);
        ScoredImages images = new ScoredImages();
        List<Row> pixelRows = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            int w = 3 + r.nextInt(5);
            int h = 2 + r.nextInt(4);
            float[] mask = new float[w * h];
            float[] prob = new float[w * h];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = r.nextDouble() < 0.3 ? 1 : 0;
                // 1/16 steps: many ties between images and classes.
                prob[i] = Math.min(16, Math.max(0, Math.round((mask[i] * 0.3 + 0.35 + 0.25 * r.nextGaussian()) * 16)))
                        / 16f;
                pixelRows.add(RowFactory.create((double) prob[i], (double) mask[i]));
            }
            images.add("img" + k, w, h, mask, prob);
        }
        StructType schema = new StructType().add("score", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        ScoreSummary reference = BinaryEvaluator.summarize(
                SparkTestSession.get().createDataFrame(pixelRows, schema).repartition(3), "score", "label");
        SegEvaluation e = SegEvaluation.evaluate(images.frame(2), 0.5625);
        assertThat(e.pixels().positives()).isEqualTo(reference.positives());
        assertThat(e.pixels().negatives()).isEqualTo(reference.negatives());
        assertThat(e.pixels().averagePrecision()).isCloseTo(reference.averagePrecision(), within(1e-14));
        assertThat(e.pixels().rocAuc()).isCloseTo(reference.rocAuc(), within(1e-14));
        // The per-image counts, pooled, are the pixel confusion matrix at the same threshold.
        assertThat(e.pooled()).isEqualTo(reference.at(0.5625));
        ConfusionMatrix cm = e.pooled();
        SegMetrics m = e.metrics(new ThresholdChoice("fixed", 0.5625, "test"));
        assertThat(m.pixels().f1()).isEqualTo(cm.f1());
    }

    @Test
    void malformedImagesAndMissingColumnsAreRefusedByName() {
        Dataset<Row> bad = threeImages().add("z-bad", 2, 1, new float[] {0, 1}, new float[] {0.5f, 1.5f}).frame(2);
        assertThatThrownBy(() -> SegEvaluation.evaluate(bad, 0.5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1 of 4 images cannot be evaluated")
                .hasMessageContaining("image z-bad: prob at pixel (x=1, y=0) must be a probability in [0,1]; got 1.5");
        Dataset<Row> noProb = threeImages().frame(1).drop("prob");
        assertThatThrownBy(() -> SegEvaluation.evaluate(noProb, 0.5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected column prob");
        Dataset<Row> empty = threeImages().frame(1).limit(0);
        assertThatThrownBy(() -> SegEvaluation.evaluate(empty, 0.5)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no image to evaluate");
    }
}
