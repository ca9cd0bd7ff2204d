package dev.fulcrum.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import java.util.List;
import java.util.Map;

/**
 * compare.json: what was compared on which data under which protocol, the splits every entry
 * shared, the ranked leaderboard, timings, and the resolved job (the HOCON tree as JSON).
 */
public record CompareReport(String compareRunId, String job, Data data, Protocol protocol, List<SplitInfo> splits,
                            List<LeaderboardRow> leaderboard, Map<String, Double> timings,
                            Map<String, Object> resolvedJob) {

    /** The rows read once and shared by every seed. */
    public record Data(String input, long rows, long positives, int features, boolean hasBayesScore) {
    }

    /** How every entry was trained and measured. */
    public record Protocol(List<Long> seeds, String seedRule, String split, String model, Training training,
                           String threshold, String metrics) {

        public static Protocol of(JobConfig job, CompareSpec spec) {
            var s = job.split();
            var m = job.model();
            var t = job.training();
            return new Protocol(spec.seeds(),
                    "compare seed s: split.seed = s, model.seed = model.seed + s (resampling, init, order, dropout)",
                    "stratified " + s.train() + "/" + s.validation() + "/" + s.test()
                            + "; one split + scaler per seed shared by every cell",
                    "MLP hidden=" + m.hidden() + ", " + m.activation() + ", " + m.updater() + " lr=" + m.learningRate(),
                    new Training(t.mode().name().toLowerCase(), t.epochs(),
                            t.autoBatch() ? "auto" : String.valueOf(t.batchSize()), t.averagingFrequency(),
                            "the epoch with the best validation " + t.earlyStopping().metric()),
                    job.threshold().describe() + ", tuned on validation, F1 measured on test",
                    "test split; mean ± sample std (n-1) over seeds; recall at precision >= 0.9");
        }
    }

    /** The network training settings shared by every cell. */
    /** {@code batchSize}: a number, or {@code auto} (each cell's choice is in its training mode reason). */
    public record Training(String mode, int epochs, String batchSize, int averagingFrequency, String keeps) {
    }

    /**
     * One seed's split, shared by every cell and baseline of that seed; {@code reproduce} is the
     * {@code fulcrum train} overrides that rebuild a cell of this seed.
     */
    public record SplitInfo(long seed, long trainRows, long trainPositives, long validationRows, long testRows,
                            long testPositives, @JsonInclude(JsonInclude.Include.NON_NULL) Double bayesPrAuc,
                            String reproduce) {

        public static SplitInfo of(ClassCounts train, ClassCounts validation, ClassCounts test, double bayesPrAuc,
                                   long seed, String reproduce) {
            return new SplitInfo(seed, train.total(), train.positives(), validation.total(), test.total(),
                    test.positives(), Double.isFinite(bayesPrAuc) ? bayesPrAuc : null, reproduce);
        }
    }
}
