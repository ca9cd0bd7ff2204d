package dev.fulcrum.unet;

import dev.fulcrum.error.BadInputException;
import java.util.Locale;

/**
 * How {@link SegTrainer} fits a U-Net: {@code mode} local (one JVM, the driver) or spark (DL4J
 * parameter averaging), {@code epochs}, {@code batchSize} images per minibatch (per worker in spark
 * mode), {@code averagingFrequency} minibatches between averaging rounds, {@code workers} (spark;
 * 0 = Spark's default parallelism), {@code patience} epochs without a better validation score before
 * stopping (0 = never stop early), {@code seed} (minibatch order, dropout), {@code localMaxMiB} the
 * largest training set (images + masks as float32) local mode collects to the driver, and the net.
 */
public record SegTrainingSpec(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers, int patience,
                              long seed, int localMaxMiB, UNetSpec unet) {

    public static final int DEFAULT_LOCAL_MAX_MIB = 512;

    public enum Mode {
        LOCAL, SPARK;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SegTrainingSpec {
        if (mode == null) {
            throw new BadInputException("segmentation.training.mode must be local or spark; got null");
        }
        if (unet == null) {
            throw new BadInputException("segmentation.unet is missing");
        }
        check("epochs", epochs, 1);
        check("batchSize", batchSize, 1);
        check("averagingFrequency", averagingFrequency, 1);
        check("workers", workers, 0);
        check("patience", patience, 0);
        check("localMaxMiB", localMaxMiB, 1);
    }

    /** With the default {@link #DEFAULT_LOCAL_MAX_MIB}. */
    public SegTrainingSpec(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers, int patience,
            long seed, UNetSpec unet) {
        this(mode, epochs, batchSize, averagingFrequency, workers, patience, seed, DEFAULT_LOCAL_MAX_MIB, unet);
    }

    private static void check(String key, int v, int min) {
        if (v < min) {
            throw new BadInputException("segmentation.training." + key + " must be >= " + min + "; got " + v);
        }
    }
}
