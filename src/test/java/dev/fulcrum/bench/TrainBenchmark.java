package dev.fulcrum.bench;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.train.Trainer;
import dev.fulcrum.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * {@code scripts/bench/train.sh}: training throughput of the job's network with
 * {@code training.mode = local} ({@code MultiLayerNetwork.fit} on the driver) and parameter averaging
 * with the fulcrum engine ({@code spark}) and DL4J's ({@code dl4j}), plus the fulcrum engine over
 * averaging frequency 1/5/20/50 and batch 256/1024 ({@code fulcrumCurve}), on the same scaled training split ({@link Pipeline#prepare} of generated data
 * sized so the split holds {@code rows} rows), same minibatches and epochs; only training is timed.
 * Usage: {@code TrainBenchmark <job.conf> <rows> <epochs> <out.json> [--set ..]}.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    private static Map<String, Object> run(SparkSession spark, MultiLayerConfiguration conf, TrainingConfig tc,
                                           JobConfig job, Seeds seeds, PreparedData data, Path scratch, String name) {
        long start = System.nanoTime();
        Trainer.Result r = Trainer.train(spark, new Trainer.Request(conf, job.loss().outputColumns(), tc, seeds.model(),
                scratch.resolve("export-" + name).toString(), null), data.train(), data.validation(),
                Trainer.EpochListener.NONE);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examplesPerSecondByEpoch", r.epochs().stream().map(Trainer.EpochStats::examplesPerSecond).toList());
        m.put("epochSeconds", r.epochs().stream().map(Trainer.EpochStats::seconds).toList());
        m.put("validationPrAucByEpoch", r.epochs().stream().map(Trainer.EpochStats::validationPrAuc).toList());
        m.put("wallSecondsIncludingValidation", wall);
        System.err.println(name + ": " + m);
        return m;
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[1]);
        int epochs = Integer.parseInt(args[2]);
        Path scratch = Files.createTempDirectory("fulcrum-train-bench");
        List<String> sets = new ArrayList<>(List.of(args).subList(4, args.length));
        JobConfig base = JobConfig.load(new java.io.File(args[0]), sets);
        sets.add("data.input=generate");
        sets.add("data.generate.rows=" + (long) Math.ceil(rows / base.split().train()));
        sets.add("output.dir=\"" + scratch + "\"");
        JobConfig job = JobConfig.load(new java.io.File(args[0]), sets);
        SparkSession spark = Sessions.create(job.spark());
        try {
            Seeds seeds = Seeds.of(job);
            PreparedData data = new Pipeline(spark, job, Workspace.of(scratch + "/quarantine", scratch + "/tmp"))
                    .prepare(seeds.split());
            int features = data.features().size();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", data.trainCounts().total());
            out.put("features", features);
            out.put("epochs", epochs);
            out.put("network", "MLP " + features + "-" + job.model().hidden() + "-1, " + job.model().activation()
                    + ", batch " + job.training().batchSize() + ", " + job.model().updater());
            out.put("hidden", job.model().hidden());
            out.put("master", spark.sparkContext().master());
            out.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
            MultiLayerConfiguration conf = NetworkFactory.build(job.model(), seeds.model(), features,
                    job.loss().outputColumns(), job.loss().outputActivation(), job.loss().build(data.trainCounts()));
            TrainingConfig jt = job.training();
            TrainingConfig t = new TrainingConfig(TrainingConfig.Mode.LOCAL, epochs, jt.batchSize(),
                    jt.averagingFrequency(), jt.workers(), jt.prefetch(), jt.approach(), jt.repartition(),
                    TrainingConfig.EarlyStopping.OFF, jt.engine(), 0, jt.learningRateScaling());
            // Warm-up (JIT, ND4J workspaces, the cached training blocks' code paths): one epoch each, not recorded.
            TrainingConfig warm = new TrainingConfig(TrainingConfig.Mode.LOCAL, 1, jt.batchSize(), jt.averagingFrequency(),
                    jt.workers(), jt.prefetch(), jt.approach(), jt.repartition(), TrainingConfig.EarlyStopping.OFF,
                    TrainingConfig.Engine.FULCRUM, 0, jt.learningRateScaling());
            run(spark, conf, warm, job, seeds, data, scratch, "warm-up local");
            run(spark, conf, warm.withMode(TrainingConfig.Mode.SPARK), job, seeds, data, scratch, "warm-up fulcrum");
            out.put("local", run(spark, conf, t.withMode(TrainingConfig.Mode.LOCAL), job, seeds, data, scratch, "local"));
            out.put("spark", run(spark, conf, t.withMode(TrainingConfig.Mode.SPARK).withEngine(TrainingConfig.Engine.FULCRUM),
                    job, seeds, data, scratch, "fulcrum"));
            out.put("dl4j", run(spark, conf, t.withMode(TrainingConfig.Mode.SPARK).withEngine(TrainingConfig.Engine.DL4J),
                    job, seeds, data, scratch, "dl4j"));
            // The fulcrum engine's throughput over averaging frequency and batch size (same rows, same epochs).
            List<Map<String, Object>> curve = new ArrayList<>();
            for (int batch : new int[] {256, 1024}) {
                for (int freq : new int[] {1, 5, 20, 50}) {
                    TrainingConfig c = new TrainingConfig(TrainingConfig.Mode.SPARK, epochs, batch, freq, t.workers(),
                            t.prefetch(), t.approach(), t.repartition(), TrainingConfig.EarlyStopping.OFF,
                            TrainingConfig.Engine.FULCRUM, 0, jt.learningRateScaling());
                    MultiLayerConfiguration cb = conf;
                    Map<String, Object> m = run(spark, cb, c, job, seeds, data, scratch, "curve-" + batch + "-" + freq);
                    m.put("batchSize", batch);
                    m.put("averagingFrequency", freq);
                    curve.add(m);
                }
            }
            out.put("fulcrumCurve", curve);
            Files.writeString(Path.of(args[3]), Json.write(out));
        } finally {
            spark.stop();
        }
        // Spark's barrier-mode timer thread ("Barrier task timer for barrier() calls.") is not a daemon:
        // without an explicit exit the JVM would outlive main.
        System.exit(0);
    }
}
