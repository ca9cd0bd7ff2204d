package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-class loss weights computed from the training split's class counts (a distributed
 * {@code groupBy}; only the counts reach the driver), for losses that reweight instead of resample.
 *
 * <ul>
 *   <li>{@link #posWeight}: N<sub>-</sub>/N<sub>+</sub>, what {@code posWeight = auto} means for the
 *       weighted BCE of DESIGN.md §4.</li>
 *   <li>{@link #inverseFrequency}: w<sub>c</sub> = N / (C * n<sub>c</sub>) (scikit-learn's
 *       "balanced"); a balanced split gets all ones.</li>
 *   <li>{@link #effectiveNumber} (Cui et al. 2019): w<sub>c</sub> proportional to
 *       (1 - beta) / (1 - beta^n<sub>c</sub>), normalised so the weights sum to C; beta -> 0 gives
 *       equal weights, beta -> 1 approaches inverse frequency. Useful when the rare class has
 *       near-duplicates, so that its n<sub>c</sub> overstates the information it carries.</li>
 * </ul>
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /** Counts per label value, ascending by label. */
    public static Map<Double, Long> counts(Dataset<Row> train) {
        return Collections.unmodifiableMap(ClassBalance.counts(train));
    }

    /** N(label 0) / N(label 1) of a binary split. */
    public static double posWeight(Map<Double, Long> counts) {
        long pos = counts.getOrDefault(1.0, 0L);
        long neg = counts.getOrDefault(0.0, 0L);
        if (pos == 0 || neg == 0) {
            throw new BadInputException("loss.posWeight = auto needs both classes in the training split; got counts "
                    + counts);
        }
        return (double) neg / pos;
    }

    public static Map<Double, Double> inverseFrequency(Map<Double, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<Double, Double> w = new LinkedHashMap<>();
        counts.forEach((c, n) -> w.put(c, n == 0 ? 0.0 : (double) total / (counts.size() * (double) n)));
        return w;
    }

    public static Map<Double, Double> effectiveNumber(Map<Double, Long> counts, double beta) {
        if (!(beta >= 0.0 && beta < 1.0)) {
            throw new BadInputException("classWeights.beta must be in [0, 1); got " + beta);
        }
        Map<Double, Double> raw = new LinkedHashMap<>();
        counts.forEach((c, n) -> raw.put(c, n == 0 ? 0.0 : (1.0 - beta) / (1.0 - Math.pow(beta, n))));
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<Double, Double> w = new LinkedHashMap<>();
        raw.forEach((c, v) -> w.put(c, v * counts.size() / sum));
        return w;
    }
}
