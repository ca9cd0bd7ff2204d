package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import dev.fulcrum.tune.TuneReport;
import dev.fulcrum.tune.TuneSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small search end to end: 6 trials in brackets of 4 and 2, rungs 1/2/4 epochs, halving by 2,
 * the winner published.
 */
class TuneJobTest {
    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void successiveHalvingPromotesTheBestAndTheWinnerIsPublishedAsARun() throws Exception {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=tuned", "output.dir=\"" + out + "\"",
                "data.generate.rows=6000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.retrainMembers=0", // one network: its run is checked below
                "tune.retrainPatience=3",
                "tune.trials=6", "tune.bracketTrials=4", "tune.minEpochs=1", "tune.maxEpochs=4", "tune.reduction=2", "tune.patience=0",
                "tune.space.loss=[{type=bce}, {type=weighted-bce}]",
                // ratio 0.01 is below the data's 0.05/0.95: undersampling cannot reach it, so it is left out
                "tune.space.sampling=[[], [{type=undersample, ratio=0.01}], [{type=undersample, ratio=0.2}]]",
                // 1024 leaves the 3,600 training rows 3.5 minibatches an epoch (< 10): not searched
                "tune.space.hidden=[[8]]", "tune.space.batchSize=[128, 1024]", "tune.space.learningRate=[0.002, 0.02]",
                "tune.space.dropout=[0, 0]"));
        TuneSpec spec = TuneSpec.parse(job.resolved().getConfig("tune"));
        TuneJob.Outcome o = TuneJob.run(SparkTestSession.get(), job, spec);

        TuneReport r = o.report();
        assertThat(r.budget().rungs()).containsExactly(1, 2, 4);
        assertThat(r.stoppedBy()).isEqualTo("schedule");
        assertThat(r.data().trainRowsBySampling()).as("the inapplicable choice is left out").hasSize(2);
        assertThat(r.trials()).hasSize(6).allSatisfy(t -> {
            assertThat(t.bracket()).isEqualTo(t.id() < 4 ? 0 : 1);
            assertThat(t.keys().get("sampling").toString()).doesNotContain("0.01");
            assertThat(t.keys().get("training.batchSize")).isEqualTo(128);
            // rung k trains to rungs[k] epochs (patience 0: nothing stops early)
            assertThat(t.epochs()).isEqualTo(List.of(1, 2, 4).get(t.rung()));
            assertThat(t.validationAp()).hasSize(t.epochs());
            assertThat(t.best()).isEqualTo(t.validationAp().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            assertThat(t.finalist()).isEqualTo(t.rung() == 2);
        });
        // bracket 0: 4 trials -> 2 -> 1; bracket 1: 2 -> 1 -> 1
        List<TuneReport.TrialRecord> b0 = r.trials().stream().filter(t -> t.bracket() == 0).toList();
        assertThat(b0.stream().map(TuneReport.TrialRecord::rung).sorted()).containsExactly(0, 0, 1, 2);
        assertThat(r.trials().stream().filter(t -> t.bracket() == 1).map(TuneReport.TrialRecord::rung).sorted())
                .containsExactly(0, 2);
        List<TuneReport.TrialRecord> rung0 = b0.stream().filter(t -> t.rung() == 0).toList();
        List<TuneReport.TrialRecord> rung1 = b0.stream().filter(t -> t.rung() >= 1).toList();
        TuneReport.TrialRecord last = b0.stream().filter(t -> t.rung() == 2).findFirst().orElseThrow();
        // promoted after rung 0: the two best APs after epoch 1
        double worstPromoted = rung1.stream().mapToDouble(t -> t.validationAp().get(0)).min().orElseThrow();
        assertThat(rung0).allSatisfy(t -> assertThat(t.validationAp().get(0)).isLessThanOrEqualTo(worstPromoted));
        // promoted after rung 1: the better best AP over epochs 1-2
        double lastAfterTwo = Math.max(last.validationAp().get(0), last.validationAp().get(1));
        rung1.forEach(t -> assertThat(Math.max(t.validationAp().get(0), t.validationAp().get(1)))
                .isLessThanOrEqualTo(lastAfterTwo));
        // the winner: the better of the two brackets' finalists
        TuneReport.TrialRecord winner = r.trials().stream().filter(TuneReport.TrialRecord::finalist)
                .max(java.util.Comparator.comparingDouble(TuneReport.TrialRecord::best)).orElseThrow();
        assertThat(r.winner()).isEqualTo(winner.id());
        last = winner;

        // the winner retrained with its keys and published as a normal run; latest names it
        Path run = Path.of(java.net.URI.create(o.published().runDir()));
        assertThat(run.resolve("model/network.zip")).isRegularFile();
        assertThat(RunDirectory.latest(out.toString(), new org.apache.hadoop.conf.Configuration()))
                .isEqualTo(run.getFileName().toString());
        Map<String, Object> metrics = Json.read(Files.readString(run.resolve("metrics.json")));
        Map<String, Object> validation = (Map<String, Object>) metrics.get("validation");
        assertThat(r.published().validationPrAuc()).isEqualTo(((Number) validation.get("prAuc")).doubleValue());
        assertThat(com.typesafe.config.ConfigFactory.parseFile(run.resolve("job.conf").toFile())
                .getInt("training.earlyStopping.patience")).as("tune.retrainPatience, not tune.patience").isEqualTo(3);
        assertThat(metrics.get("loss").toString()).as("the run trained the winner's loss").isEqualTo(
                last.keys().get("loss").toString().contains("weighted-bce") ? "weighted-bce(posWeight=auto)" : "bce");

        Path dir = Path.of(java.net.URI.create(o.outputDir()));
        Map<String, Object> json = Json.read(Files.readString(dir.resolve("tune.json")));
        assertThat(((List<?>) json.get("trials"))).hasSize(6);
        assertThat(Files.readString(dir.resolve("tune.html"))).contains("Winner: trial " + r.winner(),
                "--set &#39;model.learningRate=");
    }

    @Test
    void theMinuteBudgetEndsTheSearchAfterTheRungThatRanAndTheBestOfItWins() {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=budget", "output.dir=\"" + out + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.trials=8", "tune.bracketTrials=4", "tune.minEpochs=1", "tune.maxEpochs=2",
                "tune.reduction=2", "tune.patience=0", "tune.space.hidden=[[4]]", "tune.space.batchSize=[256]"));
        // a budget shorter than any rung: the first rung always runs, nothing after it
        TuneSpec spec = TuneSpec.parse(job.resolved().getConfig("tune")).withBudget(null, 1e-6);
        TuneReport r = TuneJob.run(SparkTestSession.get(), job, spec).report();
        assertThat(r.stoppedBy()).isEqualTo("minutes");
        assertThat(r.trials()).hasSize(4).allSatisfy(t -> {
            assertThat(t.rung()).isZero();
            assertThat(t.epochs()).isEqualTo(1);
            assertThat(t.finalist()).isTrue();
        });
        double best = r.trials().stream().mapToDouble(TuneReport.TrialRecord::best).max().orElseThrow();
        assertThat(r.trials().get(r.winner()).best()).isEqualTo(best);
        assertThat(r.published()).isNotNull();
    }

    @Test
    void retrainMembersPublishesTheWinnerAsThatManyNetworksEachTrainedOnEveryTrainingRow() throws Exception {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=members", "output.dir=\"" + out + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.trials=2", "tune.bracketTrials=2", "tune.minEpochs=1", "tune.maxEpochs=2",
                "tune.reduction=2", "tune.patience=0", "tune.space.loss=[{type=bce}]", "tune.space.sampling=[[]]",
                "tune.space.hidden=[[4]]", "tune.space.batchSize=[64]", "tune.retrainMembers=3"));
        TuneJob.Outcome o = TuneJob.run(SparkTestSession.get(), job, spec(job));
        assertThat(o.report().published().networks()).isEqualTo(3);
        assertThat(Files.readString(Path.of(java.net.URI.create(o.outputDir())).resolve("tune.html")))
                .contains("3 networks of its keys, probabilities averaged");
        dev.fulcrum.results.TrainMetrics m = o.published().metrics();
        dev.fulcrum.data.ClassCounts train = m.stages().stream().filter(st -> st.stage().equals("split: train"))
                .findFirst().orElseThrow().out();
        assertThat(m.ensemble().byMember()).hasSize(3).allSatisfy(mem -> {
            assertThat(mem.positives()).isEqualTo(train.positives());
            assertThat(mem.negatives()).as("every negative, not a balanced slice").isEqualTo(train.negatives());
            assertThat(mem.batchSize()).isEqualTo(64);
        });
        dev.fulcrum.bundle.LoadedModel loaded = dev.fulcrum.bundle.LoadedModel.load(o.published().runDir(),
                SparkTestSession.get().sparkContext().hadoopConfiguration());
        assertThat(loaded.networks()).hasSize(3);
        assertThat(loaded.networks().get(0).params()).as("members start from different seeds")
                .isNotEqualTo(loaded.networks().get(1).params());

        // a winner that resamples is published as one network: an ensemble refuses resampling
        JobConfig resampling = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=members-resampled", "output.dir=\"" + out + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.trials=1", "tune.bracketTrials=1", "tune.minEpochs=1", "tune.maxEpochs=1",
                "tune.patience=0", "tune.space.loss=[{type=bce}]",
                "tune.space.sampling=[[{type=undersample, ratio=0.2}]]", "tune.space.hidden=[[4]]",
                "tune.space.batchSize=[64]", "tune.retrainMembers=3", "evaluation.minPrAucLift=0"));
        TuneJob.Outcome r = TuneJob.run(SparkTestSession.get(), resampling, spec(resampling));
        assertThat(r.report().published().networks()).isEqualTo(1);
        assertThat(r.published().metrics().ensemble()).isNull();
    }

    /**
     * tune.retrainFrom = finalists: 4 brackets of one trial each are 4 finalists; the 3 members take
     * the keys of the 3 best by validation AP (the winner first), each its own width and batch size.
     */
    @Test
    @SuppressWarnings("unchecked")
    void retrainFromFinalistsPublishesANetworkPerFinalistConfiguration() throws Exception {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=finalists", "output.dir=\"" + out + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.trials=4", "tune.bracketTrials=1", "tune.minEpochs=1", "tune.maxEpochs=1",
                "tune.patience=0", "tune.space.loss=[{type=bce}]", "tune.space.sampling=[[]]",
                "tune.space.hidden=[[3], [5], [7], [9]]", "tune.space.batchSize=[32, 64]",
                "tune.retrainMembers=3", "tune.retrainFrom=finalists"));
        TuneJob.Outcome o = TuneJob.run(SparkTestSession.get(), job, spec(job));
        TuneReport r = o.report();
        List<Integer> ranked = r.trials().stream().filter(TuneReport.TrialRecord::finalist)
                .sorted(java.util.Comparator.comparingDouble(TuneReport.TrialRecord::best).reversed())
                .map(TuneReport.TrialRecord::id).toList();
        assertThat(ranked).hasSize(4);
        assertThat(r.published().memberTrials()).containsExactlyElementsOf(ranked.subList(0, 3));
        assertThat(r.published().memberTrials().get(0)).isEqualTo(r.winner());

        List<dev.fulcrum.results.EnsembleSummary.MemberRecord> members = o.published().metrics().ensemble().byMember();
        dev.fulcrum.bundle.LoadedModel loaded = dev.fulcrum.bundle.LoadedModel.load(o.published().runDir(),
                SparkTestSession.get().sparkContext().hadoopConfiguration());
        assertThat(members).hasSize(3);
        assertThat(loaded.networks()).hasSize(3);
        for (int k = 0; k < 3; k++) {
            Map<String, Object> keys = r.trials().get(r.published().memberTrials().get(k)).keys();
            int width = ((List<Integer>) keys.get("model.hidden")).get(0);
            assertThat(members.get(k).batchSize()).isEqualTo(keys.get("training.batchSize"));
            assertThat(members.get(k).network()).startsWith("hidden [" + width + "]");
            assertThat(loaded.networks().get(k).getLayer(0).getParam("W").columns()).as("member %d's width", k)
                    .isEqualTo(width);
        }
        assertThat(Files.readString(Path.of(java.net.URI.create(o.outputDir())).resolve("tune.html")))
                .contains("of the keys of trials " + ranked.subList(0, 3));
    }

    /** A small search that trips tune.maxDataMiB = 1 (8,192 rows of 30 features fit in it). */
    private JobConfig large(String name, int rows, double fraudRate, String sampling, String... more) {
        List<String> keys = new java.util.ArrayList<>(List.of(
                "job.name=" + name, "output.dir=\"" + out + "\"",
                "data.generate.rows=" + rows, "data.generate.fraudRate=" + fraudRate, "data.generate.partitions=2",
                "training.mode=local", "tune.maxDataMiB=1",
                "tune.trials=3", "tune.bracketTrials=3", "tune.minEpochs=1", "tune.maxEpochs=4", "tune.reduction=2",
                "tune.patience=0", "tune.space.loss=[{type=bce}]", "tune.space.sampling=" + sampling,
                "tune.space.hidden=[[4]]", "tune.space.batchSize=[256]", "tune.space.learningRate=[0.005, 0.02]",
                "tune.space.dropout=[0, 0]"));
        keys.addAll(List.of(more));
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), keys);
    }

    private static TuneSpec spec(JobConfig job) {
        return TuneSpec.parse(job.resolved().getConfig("tune"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTableAboveMaxDataMiBIsSearchedOnAStratifiedSampleAndTheWinnerRetrainedOnEveryRow() throws Exception {
        // tune.largeData is not set: sample is the default
        // retrainMembers applies to tables within maxDataMiB only: this winner is published as one network
        JobConfig job = large("sampled", 20000, 0.05, "[[], [{type=oversample, ratio=0.5}]]", "tune.retrainMembers=3");
        TuneJob.Outcome o = TuneJob.run(SparkTestSession.get(), job, spec(job));
        TuneReport r = o.report();
        assertThat(r.published().networks()).isEqualTo(1);
        TuneReport.Sample s = r.sample();
        assertThat(s).isNotNull();
        assertThat(r.trainer()).startsWith("parallel");
        assertThat(r.trials()).hasSize(3);

        // The full broadcast by hand: 4 + 8 bytes a row of 30 float features and a double label;
        // [] keeps the N training rows, oversampling to 1:2 makes the Ng negatives 1.5 Ng rows.
        assertThat(r.data().features()).isEqualTo(30);
        long n = s.train().rows();
        long ng = n - s.train().positives();
        double fullMiB = (4 * 30 + 8) * (n + 1.5 * ng + s.validation().rows()) / 1048576.0;
        // the growth is measured on a first sample (about 6,000 rows): a few rows' rounding
        assertThat(s.fullMiB()).isCloseTo(fullMiB, org.assertj.core.data.Percentage.withPercentage(0.5));
        assertThat(s.rate()).isCloseTo(0.9 * 1 / s.fullMiB(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.sampledMiB()).isLessThanOrEqualTo(1.0);
        assertThat(s.maxDataMiB()).isEqualTo(1);
        assertThat(s.reason()).contains("above tune.maxDataMiB = 1");

        // every class at the rate, to within one row (the hash cut's rounding) ...
        for (TuneReport.SplitSample split : List.of(s.train(), s.validation())) {
            assertThat((double) split.sampledPositives())
                    .isCloseTo(s.rate() * split.positives(), org.assertj.core.data.Offset.offset(1.0));
            assertThat((double) (split.sampledRows() - split.sampledPositives())).isCloseTo(
                    s.rate() * (split.rows() - split.positives()), org.assertj.core.data.Offset.offset(1.0));
            // ... so the positive rate moves by at most 1 / sampled rows: (e1 (1 - p) - e2 p) / n' with |e| <= 1
            assertThat((double) split.sampledPositives() / split.sampledRows()).isCloseTo(
                    (double) split.positives() / split.rows(), org.assertj.core.data.Offset.offset(1.0 / split.sampledRows()));
        }
        // the trials trained and validated on the sample
        assertThat(r.data().trainRowsBySampling().get(0)).isEqualTo(s.train().sampledRows());
        assertThat(r.data().trainPositivesBySampling().get(0)).isEqualTo(s.train().sampledPositives());
        assertThat(r.data().validationRows()).isEqualTo(s.validation().sampledRows());
        assertThat(r.trials()).allSatisfy(t -> assertThat(t.validationAp()).hasSize(t.epochs()));

        // the winner retrained on every row of its (resampled) training split
        Path run = Path.of(java.net.URI.create(o.published().runDir()));
        Map<String, Object> metrics = Json.read(Files.readString(run.resolve("metrics.json")));
        List<Map<String, Object>> stages = (List<Map<String, Object>>) metrics.get("stages");
        Map<String, Object> split = stages.stream().filter(x -> x.get("stage").equals("split: train")).findFirst()
                .orElseThrow();
        assertThat(total((Map<String, Object>) split.get("out"))).as("the search sampled the same split").isEqualTo(n);
        Map<String, Object> last = stages.get(stages.size() - 1);
        boolean oversampled = r.trials().get(r.winner()).keys().get("sampling").toString().contains("oversample");
        assertThat(last.get("stage").toString().startsWith("sampling")).isEqualTo(oversampled);
        long resampled = total((Map<String, Object>) last.get("out"));
        assertThat(((Number) ((Map<String, Object>) metrics.get("training")).get("examples")).longValue())
                .isEqualTo(resampled).isGreaterThan(s.train().sampledRows() * 3);

        Path dir = Path.of(java.net.URI.create(o.outputDir()));
        Map<String, Object> json = Json.read(Files.readString(dir.resolve("tune.json")));
        Map<String, Object> sample = (Map<String, Object>) json.get("sample");
        assertThat(((Number) sample.get("rate")).doubleValue()).isEqualTo(s.rate());
        assertThat(((Map<String, Object>) sample.get("train")).get("sampledRows")).isEqualTo((int) s.train().sampledRows());
        assertThat(Files.readString(dir.resolve("tune.html"))).contains("Searched on a sample");
    }

    private static long total(Map<String, Object> counts) {
        return ((Number) counts.get("negatives")).longValue() + ((Number) counts.get("positives")).longValue();
    }

    @Test
    void aSampleWithTooFewValidationPositivesIsRefusedNamingTheCountAndTheKeyToRaise() {
        // 0.5% fraud: the validation split's ~20 positives at a rate of ~0.2 are ~4
        JobConfig job = large("fewpositives", 20000, 0.005, "[[], [{type=oversample, ratio=0.5}]]");
        assertThatThrownBy(() -> TuneJob.run(SparkTestSession.get(), job, spec(job)))
                .isInstanceOf(BadInputException.class)
                .hasMessageMatching("tune.largeData = sample: a sample that fits tune.maxDataMiB = 1 keeps 0\\.\\d+ of "
                        + "the rows, i.e. [0-9] of the validation split's \\d+ positives, fewer than the 10 validation "
                        + "AP needs to rank trials; raise tune.maxDataMiB to at least [2-9]\\d* .*tune.largeData = "
                        + "distributed");
    }

    @Test
    void anEnsembleJobIsRefusedBeforeAnyWorkNamingTheWayOut() {
        JobConfig job = large("ensemble", 6000, 0.05, "[[]]", "ensemble.members=5");
        assertThatThrownBy(() -> TuneJob.run(SparkTestSession.get(), job, spec(job)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ensemble.members = 5").hasMessageContaining("tune with ensemble.members = 0");
    }

    @Test
    void failRefusesAboveMaxDataMiB() {
        // 3,600 training rows (180 positives) + 6,840 oversampled to 1:1 + 1,200 validation, 128 bytes each
        JobConfig job = large("refused", 6000, 0.05, "[[], [{type=oversample, ratio=1.0}]]", "tune.largeData=fail");
        assertThatThrownBy(() -> TuneJob.run(SparkTestSession.get(), job, spec(job)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune: the training rows of the space's sampling choices and the validation "
                        + "rows take 1.4 MiB, above tune.maxDataMiB = 1: every trial task holds them.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void distributedTrialsTrainOnSparkAndAPromotedTrialContinuesFromItsCheckpoint() throws Exception {
        // 3,600 training rows, oversampled to 1:1 another ~6,840, + 1,200 validation: ~1.4 MiB
        JobConfig job = large("distributed", 6000, 0.05, "[[], [{type=oversample, ratio=1.0}]]",
                "tune.largeData=distributed");
        List<String> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
                String d = e.properties().getProperty("spark.job.description");
                if (d != null) {
                    jobs.add(d);
                }
            }
        };
        org.apache.spark.SparkContext sc = SparkTestSession.get().sparkContext();
        sc.addSparkListener(listener);
        TuneJob.Outcome o;
        try {
            o = TuneJob.run(SparkTestSession.get(), job, spec(job));
            sc.listenerBus().waitUntilEmpty();
        } finally {
            sc.removeSparkListener(listener);
        }
        TuneReport r = o.report();
        assertThat(r.sample()).isNull();
        assertThat(r.trainer()).startsWith("distributed").contains("training.mode = spark (fulcrum engine)");
        assertThat(r.budget().parallelism()).isEqualTo(1);
        // trained by the Spark trainer (parameter averaging), not as broadcast tasks
        assertThat(jobs).noneMatch(d -> d.startsWith("fulcrum: tuning bracket"))
                .anyMatch(d -> d.equals("fulcrum: training epoch 4/4 (spark, fulcrum engine)"));

        // 3 trials -> 2 -> 1 (rungs 1, 2, 4 epochs)
        assertThat(r.trials()).hasSize(3).allSatisfy(t -> {
            assertThat(t.epochs()).isEqualTo(List.of(1, 2, 4).get(t.rung()));
            assertThat(t.validationAp()).hasSize(t.epochs()).allSatisfy(ap -> assertThat(ap).isBetween(0.0, 1.0));
            assertThat(t.best()).isEqualTo(t.validationAp().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        });
        TuneReport.TrialRecord last = r.trials().stream().filter(t -> t.rung() == 2).findFirst().orElseThrow();
        // each rung resumed from the trainer's checkpoint of the one before: epochs 1, 2, then 3-4
        assertThat(last.rungStarts()).containsExactly(0, 1, 2);
        assertThat(r.trials().stream().filter(t -> t.rung() == 1).findFirst().orElseThrow().rungStarts())
                .containsExactly(0, 1);
        assertThat(r.winner()).isEqualTo(last.id());
        // no sample: the trials validated on the whole validation split, as the published run did
        Map<String, Object> metrics = Json.read(Files.readString(
                Path.of(java.net.URI.create(o.published().runDir())).resolve("metrics.json")));
        assertThat(r.data().validationRows())
                .isEqualTo(((Number) ((Map<String, Object>) metrics.get("validation")).get("rows")).longValue());

        Path dir = Path.of(java.net.URI.create(o.outputDir()));
        Map<String, Object> json = Json.read(Files.readString(dir.resolve("tune.json")));
        assertThat(json).doesNotContainKey("sample").containsKey("trainer");
        assertThat((List<Map<String, Object>>) json.get("trials")).hasSize(3)
                .allSatisfy(t -> assertThat(t).containsKeys("validationAp", "rungStarts", "best", "overrides"));
        assertThat(dir.resolve("tmp/checkpoints")).doesNotExist();
    }
}
