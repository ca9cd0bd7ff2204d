package dev.fulcrum.bench;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.pipeline.Ingested;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.SparkSession;

/**
 * Where the seconds of {@link Pipeline#ingest} and {@link Pipeline#prepare} go: wall and process
 * CPU seconds of each (CPU is the steadier figure on a shared machine), and per Spark job its call
 * site, wall seconds and executor CPU seconds. {@code repeats} prepares of the same ingested rows
 * (the first pays JIT warm-up, as a job does). Generated data is written once under the job's
 * {@code output.dir} and reused. Not a pass/fail benchmark: a profiling aid for the split + scale stage.
 * Usage: {@code PrepareBenchmark <job.conf> <repeats> [key=value ..]}.
 */
public final class PrepareBenchmark {
    private PrepareBenchmark() {
    }

    /** Prints one line per finished Spark job: id, wall s, executor CPU s, call site. */
    private static final class JobTimes extends SparkListener {
        private final java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Integer, String> site = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Integer, Integer> stageJob = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Integer, Long> cpuNanos = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            started.put(e.jobId(), e.time());
            // the call site: the name of the job's last stage (the one that returns its result)
            site.put(e.jobId(), e.stageInfos().last().name());
            scala.collection.Iterator<Object> it = e.stageIds().iterator();
            while (it.hasNext()) {
                stageJob.put((Integer) it.next(), e.jobId());
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted e) {
            Integer job = stageJob.get(e.stageInfo().stageId());
            if (job != null && e.stageInfo().taskMetrics() != null) {
                cpuNanos.merge(job, e.stageInfo().taskMetrics().executorCpuTime(), Long::sum);
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            long t0 = started.getOrDefault(e.jobId(), e.time());
            System.err.printf(Locale.ROOT, "  job %4d %7.2fs wall %7.2fs cpu  %s%n", e.jobId(), (e.time() - t0) / 1e3,
                    cpuNanos.getOrDefault(e.jobId(), 0L) / 1e9, site.get(e.jobId()));
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    public static void main(String[] args) {
        int repeats = Integer.parseInt(args[1]);
        List<String> sets = new ArrayList<>(List.of(args).subList(2, args.length));
        JobConfig job = JobConfig.load(new java.io.File(args[0]), sets);
        SparkSession spark = Sessions.create(job.spark());
        spark.sparkContext().addSparkListener(new JobTimes());
        try {
            String scratch = job.outputDir() + "/prepare-bench";
            Pipeline p = new Pipeline(spark, job, Workspace.of(scratch + "/quarantine", scratch + "/tmp"));
            double cpu = cpuSeconds();
            long t = System.nanoTime();
            Ingested in = p.ingest();
            System.err.printf(Locale.ROOT, "INGEST %d rows: %.1fs wall %.1fs cpu%n", in.in().counts().total(),
                    (System.nanoTime() - t) / 1e9, cpuSeconds() - cpu);
            long seed = Seeds.of(job).split();
            for (int i = 0; i < repeats; i++) {
                cpu = cpuSeconds();
                t = System.nanoTime();
                PreparedData d = p.prepare(in, seed);
                System.err.printf(Locale.ROOT, "PREPARE %d: %.1fs wall %.1fs cpu; train %s validation %s test %s%n", i,
                        (System.nanoTime() - t) / 1e9, cpuSeconds() - cpu, d.trainCounts(), d.validationCounts(),
                        d.testCounts());
                d.release();
            }
        } finally {
            spark.stop();
        }
    }
}
