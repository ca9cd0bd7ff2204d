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
}
