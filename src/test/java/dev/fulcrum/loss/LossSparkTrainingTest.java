package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.ClassCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A custom loss (combo of focal + Dice, built from a job-file block) trains through
 * SparkDl4jMultiLayer + ParameterAveragingTrainingMaster on the local fixture: the configuration
 * is shipped to the executors as JSON, so this also proves the losses deserialise there.
 */
class LossSparkTrainingTest {
    private static final int BATCH = 32;

    @Test
    void comboLossTrainsOnSparkExecutors() {
        LossSpec spec = new LossSpec.Combo(List.of(new LossSpec.Term(new LossSpec.Focal(new double[] {0.75}, 2, null), 1),
                new LossSpec.Term(new LossSpec.Dice(1), 0.5)));
        Random r = new Random(21);
        List<DataSet> batches = new ArrayList<>();
        long pos = 0;
        long rows = 0;
        for (int b = 0; b < 16; b++) {
            float[][] x = new float[BATCH][4];
            float[][] y = new float[BATCH][1];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < 4; j++) {
                    x[i][j] = (float) r.nextGaussian();
                }
                y[i][0] = x[i][0] + 0.5f * x[i][1] > 1.0f ? 1f : 0f;
                pos += (long) y[i][0];
                rows++;
            }
            batches.add(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        ILossFunction loss = spec.build(new ClassCounts(rows - pos, pos));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(0.02)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).nIn(8).nOut(spec.outputColumns())
                        .activation(spec.outputActivation()).build())
                .build();
        MultiLayerNetwork local = new MultiLayerNetwork(conf.clone());
        local.init();
        DataSet all = DataSet.merge(batches);
        double before = local.score(all);

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        JavaRDD<DataSet> rdd = sc.parallelize(batches, 2);
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(BATCH) // examples per DataSet
                .batchSizePerWorker(BATCH).averagingFrequency(2).workerPrefetchNumBatches(0)
                .saveUpdater(true).rddTrainingApproach(RDDTrainingApproach.Direct).build();
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, local, tm);
        for (int epoch = 0; epoch < 4; epoch++) {
            spark.fit(rdd);
        }
        MultiLayerNetwork trained = spark.getNetwork();
        double after = trained.score(all);
        assertThat(((OutputLayer) trained.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn())
                .isEqualTo(loss);
        assertThat(after).isFinite().isLessThan(before * 0.8);
    }
}
