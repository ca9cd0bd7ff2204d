package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoSkillCheckTest {
    private static final double[] LABELS = {1, 0, 0, 0};

    @Test
    void aConstantScorerSitsExactlyOnTheNoSkillLineAndIsRefused() {
        ScoreSummary constant = ScoreSummary.of(new double[] {0.5, 0.5, 0.5, 0.5}, LABELS);
        // one threshold: precision 1/4 at recall 1 -> AP = 0.25 = the positive rate
        assertThat(constant.averagePrecision()).isEqualTo(0.25);
        assertThat(NoSkillCheck.refusal(constant, 1.0)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("validation PR-AUC 0.250000 is 1.00 x the no-skill line 0.250000")
                .endsWith("evaluation.minPrAucLift = 1 requires more than 1 x"));
        assertThat(NoSkillCheck.refusal(constant, 0.0)).as("0 disables the check").isEmpty();
    }

    @Test
    void theLiftIsPrAucOverThePositiveRate() {
        // the positive ranked first: AP = 1 = 4 x the rate 0.25
        ScoreSummary perfect = ScoreSummary.of(new double[] {0.9, 0.1, 0.2, 0.3}, LABELS);
        assertThat(NoSkillCheck.refusal(perfect, 3.9)).isEmpty();
        assertThat(NoSkillCheck.refusal(perfect, 4.0)).isPresent();
        // the positive ranked second: AP = precision at its rank = 1/2 -> lift 2
        ScoreSummary second = ScoreSummary.of(new double[] {0.8, 0.9, 0.1, 0.2}, LABELS);
        assertThat(second.averagePrecision()).isEqualTo(0.5);
        assertThat(NoSkillCheck.refusal(second, 1.99)).isEmpty();
        assertThat(NoSkillCheck.refusal(second, 2.0)).hasValueSatisfying(r -> assertThat(r).contains("is 2.00 x"));
    }
}
