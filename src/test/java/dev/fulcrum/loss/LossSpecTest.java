package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.data.ClassCounts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/** The sealed spec records: describe() is in reports, bundle.json and compare cell names, so byte for byte. */
class LossSpecTest {
    private static final ClassCounts COUNTS = new ClassCounts(990, 10);

    @Test
    void describeIsUnchangedForEveryType() {
        assertThat(new LossSpec.Bce(null).describe()).isEqualTo("bce");
        assertThat(new LossSpec.Bce(0.999).describe()).isEqualTo("bce(classBalanced(beta=0.999))");
        assertThat(new LossSpec.WeightedBce(null).describe()).isEqualTo("weighted-bce(posWeight=auto)");
        assertThat(new LossSpec.WeightedBce(5.0).describe()).isEqualTo("weighted-bce(posWeight=5.0)");
        assertThat(new LossSpec.Focal(new double[] {0.25}, 2, null).describe()).isEqualTo("focal(alpha=0.25, gamma=2.0)");
        assertThat(new LossSpec.Focal(null, 0.5, null).describe()).isEqualTo("focal(alpha=none, gamma=0.5)");
        assertThat(new LossSpec.Focal(new double[] {0.2, 0.3, 0.5}, 1, null).describe())
                .isEqualTo("focal(alpha=[0.2, 0.3, 0.5], gamma=1.0)");
        assertThat(new LossSpec.Focal(new double[] {0.25}, 2, 0.99).describe())
                .isEqualTo("focal(alpha=0.25, gamma=2.0, classBalanced(beta=0.99))");
        assertThat(new LossSpec.Dice(1).describe()).isEqualTo("dice(smooth=1.0)");
        assertThat(new LossSpec.Tversky(0.7, 0.3, 1).describe()).isEqualTo("tversky(alpha=0.7, beta=0.3, smooth=1.0)");
        assertThat(new LossSpec.FocalTversky(0.7, 0.3, 0.75, 1).describe())
                .isEqualTo("focal-tversky(alpha=0.7, beta=0.3, gamma=0.75, smooth=1.0)");
        assertThat(new LossSpec.Combo(List.of(new LossSpec.Term(new LossSpec.Focal(new double[] {0.25}, 2, null), 1),
                new LossSpec.Term(new LossSpec.Dice(1), 0.5))).describe())
                .isEqualTo("combo(1.0*focal(alpha=0.25, gamma=2.0) + 0.5*dice(smooth=1.0))");
    }

    @Test
    void typesOutputsAndBuiltLosses() {
        assertThat(new LossSpec.FocalTversky(0.7, 0.3, 0.75, 1).type().toString()).isEqualTo("focal-tversky");
        assertThat(new LossSpec.WeightedBce(null).type().toString()).isEqualTo("weighted-bce");
        assertThat(new LossSpec.WeightedBce(null).build(COUNTS)).isEqualTo(new LossWeightedBCE(99.0));
        assertThat(new LossSpec.WeightedBce(1.0).build(COUNTS)).isEqualTo(new LossBinaryXENT());
        LossSpec multi = new LossSpec.Focal(new double[] {0.2, 0.3, 0.5}, 1, null);
        assertThat(multi.outputActivation()).isEqualTo(Activation.SOFTMAX);
        assertThat(multi.outputColumns()).isEqualTo(3);
        LossSpec combo = new LossSpec.Combo(List.of(new LossSpec.Term(new LossSpec.Focal(new double[] {0.25}, 2, null), 1),
                new LossSpec.Term(new LossSpec.Dice(1), 0.5)));
        assertThat(combo.build(COUNTS)).isEqualTo(new LossCombo(
                new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)}, new double[] {1.0, 0.5}));
        assertThat(combo.couplesExamples()).isTrue();
        assertThat(combo.outputActivation()).isEqualTo(Activation.SIGMOID);
        assertThat(new LossSpec.Focal(new double[] {0.25}, 2, null))
                .isEqualTo(new LossSpec.Focal(new double[] {0.25}, 2, null));
    }

    @Test
    void reduceImageIsNamedOnlyWhenSetAndBuildsThePerImageLoss() {
        assertThat(new LossSpec.Dice(1)).isEqualTo(new LossSpec.Dice(1, LossSpec.Reduce.BATCH));
        assertThat(new LossSpec.Tversky(0.7, 0.3, 1, LossSpec.Reduce.IMAGE).describe())
                .isEqualTo("tversky(alpha=0.7, beta=0.3, smooth=1.0, reduce=image)");
        assertThat(new LossSpec.FocalTversky(0.7, 0.3, 0.75, 1, LossSpec.Reduce.IMAGE).build(COUNTS, 1024))
                .isEqualTo(new LossFocalTversky(0.7, 0.3, 0.75, 1, 1024));
        assertThat(new LossSpec.Focal(new double[] {0.25}, 2, null).build(COUNTS, 1024))
                .isEqualTo(new LossFocal(0.25, 2.0));
        LossSpec.Combo combo = new LossSpec.Combo(List.of(
                new LossSpec.Term(new LossSpec.Focal(new double[] {0.25}, 2, null), 1),
                new LossSpec.Term(new LossSpec.Dice(1, LossSpec.Reduce.IMAGE), 0.5)));
        assertThat(combo.reduce()).isEqualTo(LossSpec.Reduce.IMAGE);
        assertThat(SetLossReduction.pixelsPerImage(combo.build(COUNTS, 36))).isEqualTo(36);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> combo.build(COUNTS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reduces per image");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> combo.build(COUNTS, 0))
                .hasMessageContaining("needs the pixels per image");
    }
}
