package dev.fulcrum.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fraud-like data with the public credit-card fraud schema ({@code Time, V1..V28, Amount, Class})
 * and a known generative model, so the Bayes-optimal score of every row is known exactly.
 *
 * <h2>Generative model</h2>
 * Let r be the requested (observed) fraud rate, η₁ = {@value #MISSED_FRAUD_RATE} the share of
 * true frauds labelled 0 and η₀ = {@value #FALSE_ALARM_SHARE}·r the share of true legit rows
 * labelled 1 (label noise). The true fraud prior is π = (r − η₀)/(1 − η₁ − η₀), so the observed
 * rate is exactly r in expectation. Per row, independently:
 * <ul>
 *   <li>true class F ~ Bernoulli(π);</li>
 *   <li>{@code Time} ~ U[0, 172800) seconds (two days), for both classes: carries no signal;</li>
 *   <li>legit: V_j ~ N(0, σ_j²) independent, σ_j = 2·0.94^(j−1) (decaying like PCA components);</li>
 *   <li>fraud: a two-component mixture. With probability {@value #OBVIOUS_SHARE} the "obvious"
 *       component, V_j ~ N(μ_j, (1.6σ_j)²) on the signal components j ∈ {@link #SIGNAL} and as legit
 *       elsewhere; otherwise the "camouflaged" component with means 0.3·μ_j and scale 1.15σ_j — these
 *       frauds overlap the legit cloud heavily, so no model finds them all;</li>
 *   <li>{@code Amount} = exp(z), z ~ N(3.2, 1.3²) for legit and N(2.6, 1.9²) for fraud;</li>
 *   <li>observed {@code Class}: P(Class=1 | F=1) = 1 − η₁, P(Class=1 | F=0) = η₀.</li>
 * </ul>
 * The Bayes-optimal score is P(Class=1 | x) = (1−η₁)·q + η₀·(1−q), q = P(F=1 | x) from the
 * exact class densities above (Time is independent of the class and cancels). It is written as
 * the optional {@link Columns#BAYES_SCORE} column, which ingest never uses as a feature.
 *
 * <p>Rows are generated inside Spark partitions from {@code spark.range}: row i draws from a
 * random stream seeded by (seed, i), so the data is identical for any partition count and no row
 * passes through the driver.
 */
public final class FraudDataGenerator {
    /** The label column of generated data (the public credit-card fraud set's name). */
    public static final String LABEL = "Class";
    static final int DIMS = 28;
    static final double MISSED_FRAUD_RATE = 0.05;
    static final double FALSE_ALARM_SHARE = 0.02;
    static final double OBVIOUS_SHARE = 0.65;
    /** Signal components (0-based j for V(j+1)) and their obvious-fraud mean shifts, in units of σ_j. */
    static final int[] SIGNAL = {2, 3, 9, 10, 11, 13, 15, 16};
    static final double[] SHIFT = {-2.2, 1.9, -1.6, 1.5, -2.0, -2.4, -1.2, -1.7};
    static final double CAMOUFLAGE = 0.3;
    static final double OBVIOUS_SCALE = 1.6;
    static final double CAMOUFLAGE_SCALE = 1.15;
    static final double LEGIT_LOG_AMOUNT_MEAN = 3.2;
    static final double LEGIT_LOG_AMOUNT_SD = 1.3;
    static final double FRAUD_LOG_AMOUNT_MEAN = 2.6;
    static final double FRAUD_LOG_AMOUNT_SD = 1.9;

    private FraudDataGenerator() {
    }

    /** The output schema; {@code withBayes} appends {@link Columns#BAYES_SCORE}. */
    public static StructType schema(boolean withBayes) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("Time", DataTypes.DoubleType, false));
        for (int j = 1; j <= DIMS; j++) {
            fields.add(DataTypes.createStructField("V" + j, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("Amount", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
        if (withBayes) {
            fields.add(DataTypes.createStructField(Columns.BAYES_SCORE, DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    public static Dataset<Row> generate(SparkSession spark, GenerateConfig cfg, boolean withBayes) {
        Model model = new Model(cfg.fraudRate());
        long seed = cfg.seed();
        StructType schema = schema(withBayes);
        MapPartitionsFunction<Long, Row> rows = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                return model.row(ids.next(), seed, withBayes);
            }
        };
        return spark.range(0, cfg.rows(), 1, cfg.partitions())
                .as(Encoders.LONG())
                .mapPartitions(rows, Encoders.row(schema));
    }

    /** The class densities and the sampler; serialisable so it ships to executors. */
    static final class Model implements java.io.Serializable {
        final double prior;
        final double falseAlarm;
        final double[] sigma = new double[DIMS];
        final double[] obviousMean = new double[DIMS];
        final double[] obviousSd = new double[DIMS];
        final double[] camoMean = new double[DIMS];
        final double[] camoSd = new double[DIMS];

        Model(double observedRate) {
            falseAlarm = FALSE_ALARM_SHARE * observedRate;
            prior = (observedRate - falseAlarm) / (1 - MISSED_FRAUD_RATE - falseAlarm);
            for (int j = 0; j < DIMS; j++) {
                sigma[j] = 2.0 * Math.pow(0.94, j);
                obviousSd[j] = sigma[j];
                camoSd[j] = sigma[j];
            }
            for (int s = 0; s < SIGNAL.length; s++) {
                int j = SIGNAL[s];
                obviousMean[j] = SHIFT[s] * sigma[j];
                obviousSd[j] = OBVIOUS_SCALE * sigma[j];
                camoMean[j] = CAMOUFLAGE * obviousMean[j];
                camoSd[j] = CAMOUFLAGE_SCALE * sigma[j];
            }
        }

        Row row(long id, long seed, boolean withBayes) {
            SplittableRandom rnd = new SplittableRandom(mix(seed, id));
            boolean fraud = rnd.nextDouble() < prior;
            boolean obvious = rnd.nextDouble() < OBVIOUS_SHARE;
            Object[] values = new Object[DIMS + 3 + (withBayes ? 1 : 0)];
            values[0] = Math.floor(rnd.nextDouble() * 172800.0);
            double[] v = new double[DIMS];
            for (int j = 0; j < DIMS; j++) {
                double z = gaussian(rnd);
                v[j] = !fraud ? z * sigma[j]
                        : obvious ? obviousMean[j] + z * obviousSd[j] : camoMean[j] + z * camoSd[j];
                values[1 + j] = v[j];
            }
            double logAmount = fraud ? FRAUD_LOG_AMOUNT_MEAN + gaussian(rnd) * FRAUD_LOG_AMOUNT_SD
                    : LEGIT_LOG_AMOUNT_MEAN + gaussian(rnd) * LEGIT_LOG_AMOUNT_SD;
            values[DIMS + 1] = Math.exp(logAmount);
            double flip = rnd.nextDouble();
            boolean label = fraud ? flip >= MISSED_FRAUD_RATE : flip < falseAlarm;
            values[DIMS + 2] = label ? 1 : 0;
            if (withBayes) {
                values[DIMS + 3] = bayesScore(v, logAmount);
            }
            return RowFactory.create(values);
        }

        /** P(Class = 1 | V, Amount) under the model; see the class Javadoc. */
        double bayesScore(double[] v, double logAmount) {
            double legit = logNormal(logAmount, LEGIT_LOG_AMOUNT_MEAN, LEGIT_LOG_AMOUNT_SD);
            double fraudAmount = logNormal(logAmount, FRAUD_LOG_AMOUNT_MEAN, FRAUD_LOG_AMOUNT_SD);
            double obvious = fraudAmount + Math.log(OBVIOUS_SHARE);
            double camo = fraudAmount + Math.log(1 - OBVIOUS_SHARE);
            for (int j = 0; j < DIMS; j++) {
                legit += logNormal(v[j], 0, sigma[j]);
                obvious += logNormal(v[j], obviousMean[j], obviousSd[j]);
                camo += logNormal(v[j], camoMean[j], camoSd[j]);
            }
            double fraudLog = logSumExp(obvious, camo) + Math.log(prior);
            double legitLog = legit + Math.log(1 - prior);
            double q = 1.0 / (1.0 + Math.exp(legitLog - fraudLog));
            return (1 - MISSED_FRAUD_RATE) * q + falseAlarm * (1 - q);
        }

        /** log of the density of N(mean, sd²) at x; the log(2π)/2 term cancels in every ratio but is kept for honesty. */
        static double logNormal(double x, double mean, double sd) {
            double z = (x - mean) / sd;
            return -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
        }

        static double logSumExp(double a, double b) {
            double m = Math.max(a, b);
            return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
        }

        /** Box–Muller (one value per call keeps the stream a pure function of the row). */
        static double gaussian(SplittableRandom rnd) {
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }

        /** SplitMix64 finaliser of (seed, id): independent streams for neighbouring row ids. */
        static long mix(long seed, long id) {
            long z = seed * 0x9E3779B97F4A7C15L + id;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
