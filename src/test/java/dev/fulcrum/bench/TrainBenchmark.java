package dev.fulcrum.bench;

import static org.apache.spark.sql.functions.col;

import dev.fulcrum.data.GenerateConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.train.TrainingConfig;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.FraudDataGenerator;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * {@code scripts/bench/train.sh}: training throughput of the job's network on the same in-memory
 * fraud-like rows (generated directly, standardised; no CSV ingest or split, which the e2e bench
 * measures) with {@code training.mode = spark} (parameter averaging) and {@code local}
 * ({@code MultiLayerNetwork.fit} on the driver), same minibatches and epochs. Prints and writes the
 * per-epoch examples/s of both. Usage: {@code TrainBenchmark <job.conf> <rows> <epochs> <out.json> [--set ..]}.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sets = new ArrayList<>(List.of(args).subList(4, args.length));
        JobConfig job = JobConfig.load(new java.io.File(args[0]), sets);
        long rows = Long.parseLong(args[1]);
        int epochs = Integer.parseInt(args[2]);
        SparkSession spark = Sessions.create(job.spark());
        try {
            GenerateConfig g = new GenerateConfig(rows, job.data().generate().fraudRate(), 42, 4, "csv");
            Dataset<Row> raw = FraudDataGenerator.generate(spark, g, false);
            String[] cols = java.util.Arrays.stream(raw.columns()).filter(c -> !c.equals("Class")).toArray(String[]::new);
            Dataset<Row> assembled = new VectorAssembler().setInputCols(cols).setOutputCol("raw_features").transform(raw)
                    .withColumn(Columns.LABEL, col("Class").cast("double"));
            Dataset<Row> data = new StandardScaler().setInputCol("raw_features").setOutputCol(Columns.FEATURES)
                    .setWithMean(true).fit(assembled).transform(assembled).select(Columns.FEATURES, Columns.LABEL)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            data.count();
            Dataset<Row> validation = data.limit(5000).persist(StorageLevel.MEMORY_AND_DISK());
            validation.count();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", rows);
            out.put("features", cols.length);
            out.put("epochs", epochs);
            out.put("network", "MLP " + cols.length + "-" + job.model().hidden() + "-1, " + job.model().activation()
                    + ", batch " + job.training().batchSize() + ", " + job.model().updater());
            out.put("hidden", job.model().hidden());
            out.put("master", spark.sparkContext().master());
            out.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
            for (TrainingConfig.Mode mode : TrainingConfig.Mode.values()) {
                TrainingConfig t = job.training();
                TrainingConfig tc = new TrainingConfig(mode, epochs, t.batchSize(), t.averagingFrequency(), t.workers(),
                        t.prefetch(), t.approach(), t.repartition(), TrainingConfig.EarlyStopping.OFF);
                MultiLayerConfiguration conf = NetworkFactory.build(job.model(), cols.length, 1,
                        job.loss().outputActivation(), job.loss().build(dev.fulcrum.data.ClassCounts.of(data, Columns.LABEL)));
                java.nio.file.Path export = java.nio.file.Files.createTempDirectory("fulcrum-train-bench");
                long start = System.nanoTime();
                Trainer.Result r = Trainer.train(spark, new Trainer.Request(conf, 1, tc, 1, export.toString(), null), data,
                        validation, Trainer.EpochListener.NONE);
                double wall = (System.nanoTime() - start) / 1e9;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("examplesPerSecondByEpoch", r.epochs().stream().map(Trainer.EpochStats::examplesPerSecond).toList());
                m.put("epochSeconds", r.epochs().stream().map(Trainer.EpochStats::seconds).toList());
                m.put("validationPrAucByEpoch", r.epochs().stream().map(Trainer.EpochStats::validationPrAuc).toList());
                m.put("wallSecondsIncludingValidation", wall);
                out.put(mode.name().toLowerCase(), m);
                System.err.println(mode + ": " + m);
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[3]), Json.write(out));
        } finally {
            spark.stop();
        }
    }
}
