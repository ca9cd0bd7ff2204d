package dev.fulcrum.config;

import com.typesafe.config.Config;

/** The {@code training} block: epochs, minibatches, how DL4J distributes the work, early stopping. */
public record TrainingConfig(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers,
                             int prefetch, String approach, String repartition, EarlyStopping earlyStopping) {

    public enum Mode { SPARK, LOCAL }

    /**
     * {@code training.earlyStopping}: the validation metric that picks the best epoch
     * ({@code pr-auc} and {@code roc-auc} are maximised, {@code loss} — the network's loss on the
     * validation split — is minimised); training stops once {@code patience} epochs in a row did
     * not improve on the best by more than {@code minDelta}. {@code patience = 0} never stops early
     * (the best epoch is still the one kept).
     */
    public record EarlyStopping(String metric, int patience, double minDelta) {
        public static final EarlyStopping OFF = new EarlyStopping("pr-auc", 0, 0.0);

        public boolean enabled() {
            return patience > 0;
        }

        public boolean maximise() {
            return !metric.equals("loss");
        }
    }

    /** The same settings with early stopping replaced (tests and tools). */
    public TrainingConfig withEarlyStopping(EarlyStopping e) {
        return new TrainingConfig(mode, epochs, batchSize, averagingFrequency, workers, prefetch, approach,
                repartition, e);
    }

    static TrainingConfig from(Config c) {
        Keys k = new Keys(c, "training");
        Keys es = new Keys(c.getConfig("earlyStopping"), "training.earlyStopping");
        return new TrainingConfig(
                Mode.valueOf(k.oneOf("mode", "spark", "local").toUpperCase()),
                k.intAtLeast("epochs", 1),
                k.intAtLeast("batchSize", 1),
                k.intAtLeast("averagingFrequency", 1),
                k.intAtLeast("workers", 0),
                k.intAtLeast("prefetch", 0),
                k.oneOf("approach", "export", "direct"),
                k.oneOf("repartition", "balanced", "never", "always"),
                new EarlyStopping(es.oneOf("metric", "pr-auc", "roc-auc", "loss"),
                        es.intAtLeast("patience", 0),
                        es.number("minDelta", 0, true, Double.MAX_VALUE, true)));
    }
}
