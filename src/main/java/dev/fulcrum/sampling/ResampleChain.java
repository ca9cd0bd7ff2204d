package dev.fulcrum.sampling;

import dev.fulcrum.data.VectorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies the job's resamplers in order to the training split and records, per stage, the class
 * counts in and out and the time taken, for the run report (issue 4: "the job report lists, per
 * stage, rows in/out per class and time taken"). Each stage's output is persisted and counted
 * before the next stage starts, so the recorded time is the stage's own work and later stages do
 * not recompute it. Stage {@code i} gets its own seed derived from the job seed.
 */
public final class ResampleChain {
    /** One stage's line in the report. */
    public record StageReport(String stage, Map<Double, Long> countsIn, Map<Double, Long> countsOut, long millis) {
    }

    /**
     * The resampled training split and the per-stage reports; {@code cached} are the persisted
     * stage outputs (the last one is {@code train}), released by {@link #release}.
     */
    public record Result(Dataset<Row> train, List<StageReport> stages, List<Dataset<Row>> cached) {
        /** Unpersists every stage output; the input split is left alone. */
        public void release() {
            cached.forEach(Dataset::unpersist);
        }
    }

    private ResampleChain() {
    }

    /** {@link #run(Dataset, List, long, VectorLayout)} for a vector of numeric columns only. */
    public static Result run(Dataset<Row> train, List<Resampler> resamplers, long seed) {
        return run(train, resamplers, seed, null);
    }

    /** @param layout what the {@code features} vector holds; null when it is numeric columns only */
    public static Result run(Dataset<Row> train, List<Resampler> resamplers, long seed, VectorLayout layout) {
        List<StageReport> reports = new ArrayList<>();
        List<Dataset<Row>> cached = new ArrayList<>();
        Dataset<Row> current = train;
        Map<Double, Long> in = ClassBalance.counts(current);
        for (int i = 0; i < resamplers.size(); i++) {
            Resampler r = resamplers.get(i);
            long t0 = System.nanoTime();
            Dataset<Row> next = (layout == null ? r.resample(current, SyntheticRows.mix(seed, i))
                    : r.resample(current, SyntheticRows.mix(seed, i), layout)).persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(next);
            Map<Double, Long> out = ClassBalance.counts(next);
            reports.add(new StageReport(r.describe(), Map.copyOf(in), Map.copyOf(out), (System.nanoTime() - t0) / 1_000_000));
            current = next;
            in = out;
        }
        return new Result(current, List.copyOf(reports), List.copyOf(cached));
    }
}
