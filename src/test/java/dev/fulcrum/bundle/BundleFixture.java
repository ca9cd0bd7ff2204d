package dev.fulcrum.bundle;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.ColumnRules;
import dev.fulcrum.features.FeatureScaling;
import dev.fulcrum.features.ScalingSpec;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.train.ModelConfig;
import dev.fulcrum.train.NetworkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * A real bundle without training: a scaler fitted by {@link FeatureScaling} with every scaling
 * kind (a standard, b robust, c none) and an initialised (untrained) network, written by
 * {@link ModelBundle#write}, the code path {@code fulcrum train} uses.
 */
final class BundleFixture {
    static final List<String> FEATURES = List.of("a", "b", "c");

    private BundleFixture() {
    }

    /** {@code n} rows (id, a, b, c, Class), deterministic. */
    static Dataset<Row> rows(int n) {
        Random r = new Random(7);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RowFactory.create((double) i, r.nextGaussian(), r.nextDouble() * 100, r.nextGaussian(),
                    i % 10 == 0 ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("id", DataTypes.DoubleType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("Class", DataTypes.DoubleType);
        return SparkTestSession.get().createDataFrame(out, schema);
    }

    static PipelineModel scaler(Dataset<Row> train) {
        return FeatureScaling.fit(train, FEATURES, ScalingSpec.of(ScalingSpec.Kind.NONE,
                Map.of("a", ScalingSpec.Kind.STANDARD, "b", ScalingSpec.Kind.ROBUST)));
    }

    static MultiLayerNetwork network() {
        return network(42);
    }

    static MultiLayerNetwork network(long seed) {
        return network(seed, FEATURES.size());
    }

    static MultiLayerNetwork network(long seed, int inputs) {
        ModelConfig m = new ModelConfig(List.of(4), ModelConfig.Activation.RELU, 0.0, 0.0, ModelConfig.Updater.ADAM,
                0.01, 0.9, ModelConfig.Schedule.CONSTANT, 0.5, 1000, seed);
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(m, inputs, 1, Activation.SIGMOID,
                new LossBinaryXENT()));
        net.init();
        return net;
    }

    static Map<String, Object> meta(double threshold) {
        return ModelBundle.meta(FEATURES, "Class", List.of("id"), threshold, "fixed", "bce", 1, "sha256:test",
                java.util.Map.of("method", "none"));
    }

    /**
     * A table with a categorical column {@code shop} (a, b, c; every 7th row empty = the missing level)
     * and empty cells in {@code b}: the encoding scaler uses every new stage class (indicator, imputer,
     * indexer, one-hot encoder), published with the bundle.json keys TrainJob writes for it.
     */
    static String writeCategorical(String runDir, Configuration hadoop) {
        Random r = new Random(9);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            out.add(RowFactory.create((double) i, r.nextGaussian(), i % 5 == 0 ? null : r.nextDouble(),
                    i % 7 == 0 ? ColumnRules.MISSING_LEVEL : "abc".substring(i % 3, i % 3 + 1), i % 10 == 0 ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("id", DataTypes.DoubleType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("shop", DataTypes.StringType).add("Class", DataTypes.DoubleType);
        Dataset<Row> rows = SparkTestSession.get().createDataFrame(out, schema);
        FeatureScaling.Fitted f = FeatureScaling.fit(rows, List.of("a", "b", "shop"), List.of("shop"),
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD),
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true));
        AtomicDirectory dir = AtomicDirectory.start(runDir, hadoop, AtomicDirectory.Temp.FIXED, false, "test");
        ModelBundle.write(dir, network(42, f.layout().width()), f.model(), ModelBundle.meta(List.of("a", "b", "shop"),
                "Class", List.of("id"), 0.5, "fixed", "bce", 1, "sha256:test", List.of("shop"), f.imputed(), List.of(),
                f.layout().names(), Map.of("method", "none")), Map.of("job", "test"), BundleKeys.none());
        dir.publish();
        return dir.target().toString();
    }

    /** Publishes a bundle with this scaler at {@code runDir}, as an attacker with the code can. */
    static String write(String runDir, PipelineModel scaler, Configuration hadoop) {
        return write(runDir, scaler, hadoop, BundleKeys.none());
    }

    static String write(String runDir, PipelineModel scaler, Configuration hadoop, BundleKeys keys) {
        return write(runDir, scaler, network(), hadoop, keys);
    }

    static String write(String runDir, PipelineModel scaler, MultiLayerNetwork net, Configuration hadoop,
                        BundleKeys keys) {
        AtomicDirectory dir = AtomicDirectory.start(runDir, hadoop, AtomicDirectory.Temp.FIXED, false, "test");
        ModelBundle.write(dir, net, scaler, meta(0.5), Map.of("job", "test"), keys);
        dir.publish();
        return dir.target().toString();
    }
}
