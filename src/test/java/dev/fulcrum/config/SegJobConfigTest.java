package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegJobConfigTest {
    @TempDir
    Path dir;

    private File job(String text) throws Exception {
        Path f = dir.resolve("job.conf");
        Files.writeString(f, text);
        return f.toFile();
    }

    @Test
    void taskSegmentationSelectsTheSegmentationKeysAndTheShippedJobReads() throws Exception {
        assertThat(ConfigLoader.isSegmentation(new File("jobs/segmentation-focal-tversky.conf"), List.of())).isTrue();
        assertThat(ConfigLoader.isSegmentation(new File("jobs/fraud-baseline.conf"), List.of())).isFalse();
        assertThat(ConfigLoader.isSegmentation(null, List.of("task=segmentation"))).isTrue();
        assertThatThrownBy(() -> ConfigLoader.isSegmentation(null, List.of("task=images")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("task must be segmentation (or left out for a tabular job); got images");
        SegJobConfig c = SegJobConfig.load(new File("jobs/segmentation-focal-tversky.conf"), List.of());
        assertThat(c.name()).isEqualTo("segmentation-focal-tversky");
        assertThat(c.data().generated()).isTrue();
        assertThat(c.crops().size()).isEqualTo(32);
        assertThat(c.model().depth()).isEqualTo(3);
        assertThat(c.loss()).isInstanceOf(LossSpec.FocalTversky.class);
        assertThat(c.loss().describe()).contains("reduce=image");
        assertThat(c.evaluation().threshold()).isNull(); // tuned
        assertThat(c.compare().losses()).hasSize(4);
        assertThat(c.spark().master()).isEqualTo("local[*]"); // the spark block of defaults.conf
        SegJobConfig cmp = SegJobConfig.load(new File("jobs/segmentation-compare.conf"), List.of());
        assertThat(cmp.compare().seeds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aTabularKeyInASegmentationJobIsUnknownAndNamesTheKnownOnes() throws Exception {
        File f = job("task = segmentation\nsampling = []\n");
        assertThatThrownBy(() -> SegJobConfig.load(f, List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("sampling is not a known key; known keys: compare, crops, data, evaluation, job, "
                        + "loss, model, output, spark, split, task, training");
    }

    @Test
    void cropSizeMustFitTheUNetDepthAndTheImages() throws Exception {
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "crops.size=20")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("crops.size must be a multiple of 2^model.depth = 8 (each U-Net level halves the crop); "
                        + "got 20; e.g. 16");
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "crops.size=128")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("crops.size = 128 is larger than the generated images (64x64); lower crops.size or raise "
                        + "data.generate.width/height");
        assertThat(SegJobConfig.load(null, List.of("task=segmentation", "crops.size=0")).crops().size()).isZero();
    }

    @Test
    void thresholdIsTunedOrAFixedProbability() {
        assertThat(SegJobConfig.load(null, List.of("task=segmentation", "evaluation.threshold=0.3"))
                .evaluation().threshold()).isEqualTo(0.3);
        for (String bad : List.of("1.5", "0", "best")) {
            assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "evaluation.threshold=" + bad)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("evaluation.threshold must be tuned or a number in (0, 1); got " + bad);
        }
    }

    @Test
    void splitTrainingAndCompareAreChecked() {
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "split.train=0.8")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("split: train + validation + test must be 1; got 0.8 + 0.15 + 0.15");
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "training.mode=gpu")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.mode must be one of (local, spark, auto); got gpu");
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "compare.seeds=[1, 1]")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("compare.seeds must not repeat a seed; got [1, 1]");
        assertThatThrownBy(() -> SegJobConfig.load(null, List.of("task=segmentation", "model.depth=6")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("model.depth must be in [1, 5]; got 6");
    }
}
