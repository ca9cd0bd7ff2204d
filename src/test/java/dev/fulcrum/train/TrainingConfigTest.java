package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    /**
     * Checkpoint fingerprints ({@link Trainer#fingerprint}) and metrics.json hold these strings; they
     * were plain strings before the enums, and a checkpoint written then must still resume.
     */
    @Test
    void enumsPrintTheirJobFileSpelling() {
        assertThat(TrainingConfig.Approach.EXPORT).hasToString("export");
        assertThat(TrainingConfig.Repartition.BALANCED).hasToString("balanced");
        assertThat(new TrainingConfig.EarlyStopping(TrainingConfig.Metric.PR_AUC, 3, 0.0))
                .hasToString("EarlyStopping[metric=pr-auc, patience=3, minDelta=0.0]");
        assertThat(TrainingConfig.Metric.ROC_AUC.id()).isEqualTo("roc-auc");
        assertThat(ModelConfig.Activation.LEAKYRELU).hasToString("leakyrelu");
        assertThat(ModelConfig.Updater.NESTEROVS).hasToString("nesterovs");
        assertThat(ModelConfig.Schedule.EXPONENTIAL).hasToString("exponential");
    }

    private static TrainingConfig auto(long maxMiB) {
        return new TrainingConfig(TrainingConfig.Mode.AUTO, 5, 256, 5, 0, 2, TrainingConfig.Approach.EXPORT,
                TrainingConfig.Repartition.BALANCED, TrainingConfig.EarlyStopping.OFF, TrainingConfig.Engine.FULCRUM,
                maxMiB, TrainingConfig.LearningRateScaling.LINEAR);
    }

    @Test
    void autoModeIsLocalUpToTheSizeLimitAndSaysWhy() {
        // 170,000 rows x 31 floats x 4 bytes = 21,080,000 bytes = 20.10 MiB
        TrainingConfig.Resolved small = auto(21).resolve(170_000, 31);
        assertThat(small.training().mode()).isEqualTo(TrainingConfig.Mode.LOCAL);
        assertThat(small.reason()).contains("170000 rows x 31 floats = 20.1 MiB", "<= training.autoLocalMaxMiB = 21",
                "local");
        TrainingConfig.Resolved big = auto(20).resolve(170_000, 31);
        assertThat(big.training().mode()).isEqualTo(TrainingConfig.Mode.SPARK);
        assertThat(big.reason()).contains("> training.autoLocalMaxMiB = 20", "spark");
        // everything else is kept; an explicit mode is never changed
        assertThat(big.training().withMode(TrainingConfig.Mode.AUTO)).isEqualTo(auto(20));
        TrainingConfig.Resolved set = auto(20).withMode(TrainingConfig.Mode.LOCAL).resolve(10_000_000, 31);
        assertThat(set.training().mode()).isEqualTo(TrainingConfig.Mode.LOCAL);
        assertThat(set.reason()).isEqualTo("training.mode = local (set in the job)");
    }

    @Test
    void theLearningRateScalesWithTheWorkersOnlyUnderParameterAveraging() {
        TrainingConfig spark = auto(0).withMode(TrainingConfig.Mode.SPARK);
        assertThat(spark.learningRateFactor(2)).isEqualTo(2.0);
        assertThat(spark.learningRateFactor(0)).isEqualTo(1.0);
        assertThat(auto(0).withMode(TrainingConfig.Mode.LOCAL).learningRateFactor(8)).isEqualTo(1.0);
        TrainingConfig none = new TrainingConfig(TrainingConfig.Mode.SPARK, 5, 256, 5, 0, 2,
                TrainingConfig.Approach.EXPORT, TrainingConfig.Repartition.BALANCED, TrainingConfig.EarlyStopping.OFF,
                TrainingConfig.Engine.FULCRUM, 0, TrainingConfig.LearningRateScaling.NONE);
        assertThat(none.learningRateFactor(8)).isEqualTo(1.0);
    }

    @Test
    void autoBatchKeepsFiftyStepsAnEpochBetween32And256() {
        // rows / b >= 50: 12,800 / 256 = 50 keeps 256; 12,799 rows allow 128 (99 steps), 3,500 rows 64
        // (54 steps; 128 would give 27); 128 rows -> the floor 32 (4 steps).
        assertThat(TrainingConfig.autoBatchSize(12_800, 0.01, false, 2)).isEqualTo(256);
        assertThat(TrainingConfig.autoBatchSize(12_799, 0.01, false, 2)).isEqualTo(128);
        assertThat(TrainingConfig.autoBatchSize(3_500, 0.14, false, 2)).isEqualTo(64);
        assertThat(TrainingConfig.autoBatchSize(128, 0.05, false, 2)).isEqualTo(32);
        assertThat(TrainingConfig.autoBatchSize(10_000_000, 0.002, false, 2)).isEqualTo(256);
    }

    @Test
    void autoBatchDoublesForASetLossUntilABatchHoldsTheMinimumPositives() {
        // 0.17% positives: 256 x 0.0017 = 0.44, ... 2048 x 0.0017 = 3.5 >= 2 (1024 gives 1.7)
        assertThat(TrainingConfig.autoBatchSize(1_000_000, 0.0017, true, 2)).isEqualTo(2048);
        // never beyond the split: 3,000 rows at 0.01% would need 32,768; stops at the first >= rows
        assertThat(TrainingConfig.autoBatchSize(3_000, 0.0001, true, 2)).isEqualTo(4096);
        // a rate high enough keeps the step rule's choice
        assertThat(TrainingConfig.autoBatchSize(3_500, 0.14, true, 2)).isEqualTo(64);
    }

    @Test
    void resolveFillsAnAutoBatchAndSaysSoButKeepsAnExplicitOne() {
        TrainingConfig a = auto(256).withBatchSize(TrainingConfig.AUTO_BATCH);
        TrainingConfig.Resolved r = a.resolve(3_500, 20, 0.14, false, 2);
        assertThat(r.training().batchSize()).isEqualTo(64);
        assertThat(r.training().mode()).isEqualTo(TrainingConfig.Mode.LOCAL);
        assertThat(r.reason()).contains("training.batchSize = auto: 64 (3500 rows -> 55 minibatches an epoch)");
        TrainingConfig.Resolved fixed = auto(256).resolve(3_500, 20, 0.14, false, 2);
        assertThat(fixed.training().batchSize()).isEqualTo(256);
        assertThat(fixed.reason()).doesNotContain("batchSize");
    }
}
