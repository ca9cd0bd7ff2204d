package dev.fulcrum.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageRows;
import dev.fulcrum.loss.LossCombo;
import dev.fulcrum.loss.LossDice;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class SegTrainerTest {
    private static final int SIZE = 32;

    private static ILossFunction loss() {
        return new LossCombo(new ILossFunction[] {new LossBinaryXENT(), new LossDice(1.0, SIZE * SIZE)},
                new double[] {1, 1});
    }

    private static Dataset<Row> frame(List<Row> rows, int partitions) {
        SparkSession spark = SparkTestSession.get();
        return spark.createDataFrame(rows, ImageRows.SCHEMA).repartition(partitions);
    }

    private static UNetSpec unet() {
        return new UNetSpec(2, 8, false, true, 0.0, 0.01, 0.0, 11);
    }

    private static void learnsTheDiscs(SegTrainingSpec.Mode mode, int epochs, int averagingFrequency) {
        List<Row> train = Discs.rows(40, SIZE, 1);
        List<Row> validation = Discs.rows(10, SIZE, 2);
        SegTrainingSpec spec = new SegTrainingSpec(mode, epochs, 4, averagingFrequency, 2, 0, 5, unet());
        SegFit fit = SegTrainer.fit(SparkTestSession.get(), frame(train, 2), spec, loss(),
                (e, net, l) -> Discs.meanDice(net, validation));
        // an all-background predictor has Dice 0 on every image (each holds a disc)
        double best = fit.epochs().get(fit.bestEpoch() - 1).validationScore();
        assertThat(best).as(mode + " best validation Dice").isGreaterThan(0.6);
        assertThat(Discs.meanDice(fit.best(), validation)).isEqualTo(best);
        assertThat(fit.epochs()).hasSize(epochs);
        assertThat(fit.epochs().get(epochs - 1).trainLoss()).isLessThan(fit.epochs().get(0).trainLoss());
        assertThat(fit.examplesPerSecond()).isPositive();
    }

    @Test
    void localModeLearnsToSegmentDiscs() {
        learnsTheDiscs(SegTrainingSpec.Mode.LOCAL, 8, 1);
    }

    @Test
    void sparkModeLearnsToSegmentDiscsByParameterAveraging() {
        learnsTheDiscs(SegTrainingSpec.Mode.SPARK, 10, 2);
    }

    @Test
    void earlyStoppingStopsPatienceEpochsAfterTheBestAndReturnsTheBestEpochsNetwork() {
        List<Row> train = Discs.rows(8, 16, 3);
        double[] scripted = {0.1, 0.5, 0.3, 0.2, 0.9, 0.9, 0.9};
        List<INDArray> seen = new ArrayList<>();
        SegTrainingSpec spec = new SegTrainingSpec(SegTrainingSpec.Mode.LOCAL, 7, 4, 1, 0, 2, 5,
                new UNetSpec(1, 2, false, false, 0, 0.01, 0, 1));
        SegFit fit = SegTrainer.fit(SparkTestSession.get(), frame(train, 1), spec, new LossDice(1.0, 256),
                (e, net, l) -> {
                    seen.add(net.params().dup());
                    return scripted[e - 1];
                });
        assertThat(fit.bestEpoch()).isEqualTo(2);
        assertThat(fit.epochs()).extracting(SegEpoch::epoch).containsExactly(1, 2, 3, 4);
        assertThat(fit.best().params()).isEqualTo(seen.get(1));
        assertThat(seen.get(3)).isNotEqualTo(seen.get(1));
    }

    @Test
    void refusesMixedSizesAWrongPerImageLossAndTooMuchDataForLocal() {
        SegTrainingSpec local = new SegTrainingSpec(SegTrainingSpec.Mode.LOCAL, 1, 4, 1, 0, 0, 5, 1,
                new UNetSpec(1, 2, false, false, 0, 0.01, 0, 1));
        List<Row> mixed = new ArrayList<>(Discs.rows(2, 16, 4));
        mixed.addAll(Discs.rows(1, 32, 5));
        assertThatThrownBy(() -> SegTrainer.fit(SparkTestSession.get(), frame(mixed, 1), local, new LossDice(),
                (e, n, l) -> 0)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("training images must all have one size (crop them first); got ");
        assertThatThrownBy(() -> SegTrainer.fit(SparkTestSession.get(), frame(Discs.rows(2, 16, 4), 1), local,
                new LossDice(1.0, 1024), (e, n, l) -> 0)).isInstanceOf(BadInputException.class)
                .hasMessage("loss.reduce = image: the loss was built for 1024 pixels per image, the training crops "
                        + "have 16x16 = 256; build it with pixelsPerImage = height * width of the crops");
        // 80 images of 64x64 x (image + mask) x 4 bytes = 2.5 MiB > 1 MiB
        assertThatThrownBy(() -> SegTrainer.fit(SparkTestSession.get(), frame(Discs.rows(80, 64, 6), 1), local,
                new LossDice(), (e, n, l) -> 0)).isInstanceOf(BadInputException.class)
                .hasMessage("segmentation.training.mode = local: 80 training images of 64x64 need 3 MiB on the "
                        + "driver, more than localMaxMiB = 1; use mode = spark or raise localMaxMiB");
        assertThatThrownBy(() -> SegTrainer.fit(SparkTestSession.get(), frame(Discs.rows(2, 17, 4), 1), local,
                new LossDice(), (e, n, l) -> 0)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("training images: a U-Net of depth 1 needs height and width that are multiples");
    }
}
