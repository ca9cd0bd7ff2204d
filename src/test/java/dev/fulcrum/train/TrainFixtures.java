package dev.fulcrum.train;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/** Tiny (features, label) frames and nets for the trainer tests. */
final class TrainFixtures {
    static final int FEATURES = 5;

    private TrainFixtures() {
    }

    /** {@code rows} rows, ~10% positives, logit = 2x0 - 1.5x1 + x2·x3 - 2.5, in 2 partitions. */
    static Dataset<Row> frame(int rows, long seed) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = r.nextGaussian();
            }
            double logit = 2 * x[0] - 1.5 * x[1] + x[2] * x[3] - 2.5;
            double y = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1.0 : 0.0;
            out.add(RowFactory.create(Vectors.dense(x), y));
        }
        StructType schema = new StructType()
                .add(Columns.FEATURES, new VectorUDT(), false)
                .add(Columns.LABEL, DataTypes.DoubleType, false);
        return SparkTestSession.get().createDataFrame(out, schema).repartition(2).cache();
    }

    static ModelConfig model(ModelConfig.Updater updater, double lr, ModelConfig.Schedule schedule, double decay,
                             int decaySteps) {
        return new ModelConfig(List.of(8), ModelConfig.Activation.RELU, 0.0, 1e-4, updater, lr, 0.9, schedule, decay,
                decaySteps, 12345);
    }

    static MultiLayerConfiguration net() {
        return net(model(ModelConfig.Updater.ADAM, 0.01, ModelConfig.Schedule.CONSTANT, 0.5, 1000));
    }

    static MultiLayerConfiguration net(ModelConfig m) {
        return NetworkFactory.build(m, FEATURES, 1, Activation.SIGMOID, new LossBinaryXENT());
    }

    static TrainingConfig training(TrainingConfig.Mode mode, int epochs, int averagingFrequency, int workers,
                                   TrainingConfig.EarlyStopping es) {
        return training(mode, TrainingConfig.Engine.FULCRUM, epochs, averagingFrequency, workers, es);
    }

    static TrainingConfig training(TrainingConfig.Mode mode, TrainingConfig.Engine engine, int epochs,
                                   int averagingFrequency, int workers, TrainingConfig.EarlyStopping es) {
        return new TrainingConfig(mode, epochs, 64, averagingFrequency, workers, 0, TrainingConfig.Approach.DIRECT,
                TrainingConfig.Repartition.BALANCED, es, engine, 0, TrainingConfig.LearningRateScaling.NONE);
    }
}
