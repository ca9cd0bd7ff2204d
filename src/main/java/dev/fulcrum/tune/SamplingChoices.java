package dev.fulcrum.tune;

import com.typesafe.config.ConfigValue;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.sampling.ResampleChain;
import dev.fulcrum.train.ArrayFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The space's sampling choices applied to one set of training rows (the split, or a sample of it),
 * the choices this data cannot take left out with a warning: each usable choice's resampled rows
 * (persisted until {@link #release}) and class counts. Counting only, nothing is collected here.
 */
public final class SamplingChoices {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingChoices.class);

    private final long inputRows;
    private final List<ConfigValue> usable;
    private final List<ClassCounts> counts;
    private final List<ResampleChain.Result> results;

    private SamplingChoices(long inputRows, List<ConfigValue> usable, List<ClassCounts> counts,
                            List<ResampleChain.Result> results) {
        this.inputRows = inputRows;
        this.usable = usable;
        this.counts = counts;
        this.results = results;
    }

    /**
     * @param train the training rows, scaled; {@code seed}: the job's model seed, as {@code train}
     *              resamples with
     * @throws BadInputException when no choice applies
     */
    public static SamplingChoices apply(Dataset<Row> train, JobConfig job, List<ConfigValue> samplings, long seed,
                                        VectorLayout layout) {
        ClassCounts in = ClassCounts.of(train, Columns.LABEL);
        List<ConfigValue> usable = new ArrayList<>();
        List<ClassCounts> counts = new ArrayList<>();
        List<ResampleChain.Result> results = new ArrayList<>();
        try {
            for (int i = 0; i < samplings.size(); i++) {
                ConfigValue choice = samplings.get(i);
                ResampleChain.Result r;
                try {
                    JobConfig sj = JobConfig.from(job.resolved().withValue("sampling", choice));
                    r = ResampleChain.run(train, sj.sampling(), seed, layout);
                } catch (BadInputException e) {
                    // e.g. undersampling to 1:10 on a table that is 1:3 already: a choice this data cannot take
                    LOG.warn("tune: tune.space.sampling[" + i + "] does not apply to this data and is left out: "
                            + e.getMessage());
                    continue;
                }
                ClassCounts c = r.stages().isEmpty() ? in : counts(r.stages().get(r.stages().size() - 1).countsOut());
                if (c.positives() == 0 || c.negatives() == 0) {
                    LOG.warn("tune: tune.space.sampling[" + i + "] leaves a single class in the training split ("
                            + c.negatives() + " negatives, " + c.positives() + " positives) and is left out");
                    r.release();
                    continue;
                }
                usable.add(choice);
                counts.add(c);
                results.add(r);
            }
        } catch (RuntimeException e) {
            results.forEach(ResampleChain.Result::release);
            throw e;
        }
        if (usable.isEmpty()) {
            throw new BadInputException("tune.space.sampling: no choice applies to this data (see the warnings "
                    + "above); add [] (no resampling) to the list");
        }
        return new SamplingChoices(in.total(), List.copyOf(usable), List.copyOf(counts), List.copyOf(results));
    }

    /** The choices that apply, in the space's order: trial {@code sampling} indexes refer to this list. */
    public List<ConfigValue> usable() {
        return usable;
    }

    /** The resampled class counts of each usable choice. */
    public List<ClassCounts> counts() {
        return counts;
    }

    /**
     * Rows of all usable choices together per input row: how much bigger than the training rows
     * the broadcast of the resampled sets is (sum over choices; 1 per choice without resampling).
     */
    public double growth() {
        return counts.stream().mapToLong(ClassCounts::total).sum() / (double) inputRows;
    }

    /** The resampled rows of each usable choice, collected to the driver. */
    public List<ArrayFit.Rows> collect() {
        List<ArrayFit.Rows> rows = new ArrayList<>();
        for (ResampleChain.Result r : results) {
            rows.add(ArrayFit.collect(r.train()));
        }
        return rows;
    }

    public void release() {
        results.forEach(ResampleChain.Result::release);
    }

    private static ClassCounts counts(Map<Double, Long> byLabel) {
        return new ClassCounts(byLabel.getOrDefault(0.0, 0L), byLabel.getOrDefault(1.0, 0L));
    }
}
