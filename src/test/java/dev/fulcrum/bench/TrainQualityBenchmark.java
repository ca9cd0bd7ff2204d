package dev.fulcrum.bench;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.pipeline.Candidate;
import dev.fulcrum.pipeline.Evaluation;
import dev.fulcrum.pipeline.Ingested;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.report.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench/train-quality.sh}: test PR-AUC of the same job trained with
 * {@code training.mode = local} and with parameter averaging ({@code spark}, each engine) at equal
 * epochs, over comparison seeds (one split per seed shared by the three), the job's data and
 * settings otherwise. Usage: {@code TrainQualityBenchmark <job.conf> <out.json> <seeds,comma,separated> [--set ..]}.
 */
public final class TrainQualityBenchmark {
    private TrainQualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createTempDirectory("fulcrum-quality-bench");
        List<String> sets = new ArrayList<>(List.of(args).subList(3, args.length));
        sets.removeIf("--set"::equals); // "--set k=v" pairs as the CLI takes them
        sets.add("training.earlyStopping.patience=0"); // equal epochs; the best epoch is still the one kept
        Map<String, Map<String, Object>> byMode = new LinkedHashMap<>();
        List<String> modes = List.of(System.getProperty("modes", "local,spark-fulcrum,spark-dl4j").split(","));
        JobConfig any = JobConfig.load(new File(args[0]), sets);
        if (!any.data().generated()) {
            sets.add("output.dir=\"" + scratch + "\"");
        }
        SparkSession spark = Sessions.create(any.spark());
        try {
            Map<String, List<Double>> prAuc = new LinkedHashMap<>();
            modes.forEach(m -> prAuc.put(m, new ArrayList<>()));
            List<Long> seeds = new ArrayList<>();
            Map<String, Pipeline> pipelines = new LinkedHashMap<>();
            for (String mode : modes) {
                List<String> ms = new ArrayList<>(sets);
                ms.add("training.mode=" + mode.replaceFirst("-.*", ""));
                if (mode.startsWith("spark-")) {
                    ms.add("training.engine=" + mode.substring("spark-".length()));
                }
                pipelines.put(mode, new Pipeline(spark, JobConfig.load(new File(args[0]), ms),
                        Workspace.of(scratch + "/quarantine", scratch + "/tmp")));
            }
            Pipeline first = pipelines.get(modes.get(0));
            Ingested in = first.ingest();
            for (String s : args[2].split(",")) {
                long seed = Long.parseLong(s.trim());
                seeds.add(seed);
                Seeds sd = Seeds.forComparison(first.job(), seed);
                PreparedData data = first.prepare(in, sd.split()); // one split per seed, shared by every mode
                for (String mode : modes) {
                    Pipeline p = pipelines.get(mode);
                    Candidate c = p.fit(data, p.job().loss(), p.job().sampling(), sd);
                    Evaluation e = p.evaluate(c, data, p.job().threshold());
                    prAuc.get(mode).add(e.test().averagePrecision());
                    System.err.println("seed " + seed + " " + mode + ": test PR-AUC " + e.test().averagePrecision()
                            + " (" + c.fitSeconds() + " s)");
                }
                data.release();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job", args[0]);
            out.put("overrides", sets);
            out.put("seeds", seeds);
            out.put("epochs", any.training().epochs());
            for (String mode : modes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("testPrAuc", prAuc.get(mode));
                m.put("mean", prAuc.get(mode).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
                byMode.put(mode, m);
            }
            out.put("byMode", byMode);
            double local = (Double) byMode.get("local").get("mean");
            Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("fulcrumOverLocalMeanTestPrAuc", (Double) byMode.get("spark-fulcrum").get("mean") / local);
            ratios.put("dl4jOverLocalMeanTestPrAuc", (Double) byMode.get("spark-dl4j").get("mean") / local);
            out.put("ratios", ratios);
            Files.writeString(Path.of(args[1]), Json.write(out));
            System.out.println(Json.write(ratios));
        } finally {
            spark.stop();
        }
        // Spark's barrier-mode timer thread ("Barrier task timer for barrier() calls.") is not a daemon:
        // without an explicit exit the JVM would outlive main.
        System.exit(0);
    }
}
