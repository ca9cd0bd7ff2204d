package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.Trainer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, cases 5 and 6: a job whose data cannot give a usable model fails before training, and
 * a trained model without skill is not published. Neither leaves a run that {@code latest} names
 * or a temporary directory that {@code --resume} is advised for but could not finish.
 */
class PublishGuardsTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path dir;

    /**
     * Rows with a distinct id, a learnable signal in V1 (positives shifted by +3) and noise in V2;
     * every 10th row positive, or the first {@code positives} when that is >= 0. With
     * {@code constantFeatures} every feature column holds one value (the ids keep the rows distinct).
     */
    private static String rows(int n, int positives, boolean constantFeatures) {
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder("id,Time,V1,V2,Class\n");
        for (int i = 0; i < n; i++) {
            boolean pos = positives >= 0 ? i < positives : i % 10 == 0;
            double v1 = constantFeatures ? 1.0 : rnd.nextGaussian() + (pos ? 3 : 0);
            double v2 = constantFeatures ? 2.5 : rnd.nextGaussian();
            b.append("r").append(i).append(',').append(constantFeatures ? 7 : i).append(',').append(v1).append(',').append(v2).append(',')
                    .append(pos ? 1 : 0).append('\n');
        }
        return b.toString();
    }

    private JobConfig job(String name, Path output, Path input, String... more) {
        List<String> sets = new ArrayList<>(List.of("job.name=" + name, "output.dir=\"" + output + "\"",
                "data.input=\"" + input + "\"", "training.mode=local", "training.epochs=2", "training.batchSize=32",
                "model.hidden=[4]", "scaling.default=standard", "scaling.robust=[]", "data.idColumns=[id]"));
        sets.addAll(List.of(more));
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), sets);
    }

    private static List<String> entries(Path out) throws Exception {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (var s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static List<String> hidden(Path out) throws Exception {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (var s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }

    @Test
    void tooFewPositivesFailBeforeTrainingWithTheSplitCountsAndNoResumeAdvice() throws Exception {
        for (int positives : new int[] {1, 3}) {
            Path input = dir.resolve("few-" + positives + ".csv");
            Files.writeString(input, rows(400, positives, false));
            Path out = dir.resolve("runs-" + positives);
            int[] epochs = {0};
            assertThatThrownBy(() -> TrainJob.run(spark, job("few", out, input), (s, net) -> epochs[0]++))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("split: the ")
                    .hasMessageContaining("has no positive rows")
                    .hasMessageContaining("the input has " + positives + " positive and " + (400 - positives)
                            + " negative rows")
                    // default fractions 0.6/0.2/0.2: round(0.6n) >= 1, round(0.2n) >= 1, rest >= 1 first holds at n = 4
                    .hasMessageContaining("a class needs at least 4 rows to reach every split")
                    .hasMessageNotContaining("resume")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(epochs[0]).as("no epoch ran").isZero();
            assertThat(entries(out)).as("no run and no latest").isEmpty();
            assertThat(hidden(out)).as("no temporary run directory").isEmpty();
        }
    }

    @Test
    void aBadInputFailureAfterACheckpointRemovesTheRunInsteadOfOfferingAResume() throws Exception {
        Path input = dir.resolve("in.csv");
        Files.writeString(input, rows(600, -1, false));
        Path out = dir.resolve("runs");
        Trainer.EpochListener deterministicFailure = (s, net) -> {
            throw new BadInputException("simulated deterministic bad input after epoch " + s.epoch());
        };
        assertThatThrownBy(() -> TrainJob.run(spark, job("det", out, input), deterministicFailure))
                .isInstanceOf(BadInputException.class);
        assertThat(hidden(out)).as("a rerun fails the same way: nothing kept for --resume").isEmpty();
        assertThat(entries(out)).isEmpty();

        // the contrast: a failure a rerun need not meet again keeps the run for --resume
        Trainer.EpochListener kill = (s, net) -> {
            throw new IllegalStateException("simulated kill after epoch " + s.epoch());
        };
        assertThatThrownBy(() -> TrainJob.run(spark, job("kill", out, input), kill))
                .isInstanceOf(IllegalStateException.class);
        assertThat(hidden(out)).hasSize(1);
    }

    @Test
    void noVaryingFeatureIsRefusedBeforeTraining() throws Exception {
        Path input = dir.resolve("constant.csv");
        Files.writeString(input, rows(500, -1, true));
        Path out = dir.resolve("runs");
        int[] epochs = {0};
        assertThatThrownBy(() -> TrainJob.run(spark, job("constant", out, input), (s, net) -> epochs[0]++))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("data.features: no feature varies in the training split (all 3 columns are "
                        + "constant: Time, V1, V2)");
        assertThat(epochs[0]).isZero();
        assertThat(entries(out)).isEmpty();
        assertThat(hidden(out)).isEmpty();
    }

    @Test
    void aModelBelowTheNoSkillLiftIsNotPublishedAndLatestStays() throws Exception {
        Path input = dir.resolve("in.csv");
        Files.writeString(input, rows(600, -1, false));
        Path out = dir.resolve("runs");
        String[] learn = {"training.epochs=8", "model.learningRate=0.05"};
        TrainJob.Outcome good = TrainJob.run(spark, job("gate", out, input, learn));
        String latest = RunDirectory.latest(out.toString(), new org.apache.hadoop.conf.Configuration());
        assertThat(good.runDir()).endsWith(latest);
        double lift = good.metrics().validation().prAuc() / validationRate(good);
        assertThat(lift).as("V1 separates the classes: far above the no-skill line").isGreaterThan(2);

        // The same data and seeds, but a bar the model cannot clear: refused, report kept, latest unmoved.
        double bar = Math.ceil(lift) + 1;
        assertThatThrownBy(() -> TrainJob.run(spark, job("gate", out, input, learn[0], learn[1],
                "evaluation.minPrAucLift=" + bar)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model not published: validation PR-AUC ")
                .hasMessageContaining("evaluation.minPrAucLift = " + (long) bar + " requires more than " + (long) bar
                        + " x")
                .hasMessageContaining("latest was not moved");
        assertThat(RunDirectory.latest(out.toString(), new org.apache.hadoop.conf.Configuration())).isEqualTo(latest);
        List<String> runs = entries(out).stream().filter(n -> n.startsWith("gate-") && !n.equals(latest)).toList();
        assertThat(runs).hasSize(1);
        Path refused = out.resolve(runs.get(0));
        assertThat(refused.resolve("model")).as("no model to score").doesNotExist();
        assertThat(refused.resolve("report.html")).exists();
        Map<String, Object> metrics = Json.read(Files.readString(refused.resolve("metrics.json")));
        assertThat((String) metrics.get("rejected")).startsWith("validation PR-AUC ");
        assertThat(Files.readString(refused.resolve("report.html"))).contains("Model not published:");
        assertThat(hidden(out)).isEmpty();
    }

    private static double validationRate(TrainJob.Outcome run) {
        var v = run.metrics().validation();
        return (double) v.positives() / v.rows();
    }
}
