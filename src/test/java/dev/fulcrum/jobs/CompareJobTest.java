package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.compare.CompareSpec;
import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.report.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny grid end to end: 2 losses × 2 samplings × 2 seeds + weighted LR on 5k generated rows. */
class CompareJobTest {
    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void everyEntrySeesTheSameTestRowsAndTheLeaderboardIsSortedWithMeanAndStdOverSeeds() throws Exception {
        JobConfig job = JobConfig.load(new File("jobs/compare-fraud.conf"), List.of(
                "output.dir=\"" + out + "\"",
                "data.generate.rows=5000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "training.epochs=1", "training.batchSize=128",
                "compare.losses=[{type=bce}, {type=focal, alpha=0.25, gamma=2}]",
                "compare.samplings=[[], [{type=undersample, ratio=0.5}]]",
                "compare.seeds=[1, 2]", "compare.baselines=[logistic-regression]"));
        CompareSpec spec = CompareSpec.parse(job.resolved().getConfig("compare"));
        CompareJob.Outcome o = CompareJob.run(SparkTestSession.get(), job, spec);

        Path dir = Path.of(java.net.URI.create(o.outputDir()));
        assertThat(dir.resolve("compare.html")).isRegularFile();
        assertThat(Files.readString(dir.resolve("compare.html"))).contains("<svg", "logistic-regression");
        try (var names = Files.list(out)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(out.resolve("latest")).doesNotExist(); // a comparison publishes no model
        Map<String, Object> json = Json.read(Files.readString(dir.resolve("compare.json")));
        List<Map<String, Object>> board = (List<Map<String, Object>>) json.get("leaderboard");
        assertThat(board).hasSize(5);
        assertThat(board.stream().map(e -> e.get("kind"))).containsOnly("network", "baseline");

        // Every cell and the baseline saw the identical test rows of each seed.
        Map<Long, long[]> testRows = new HashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) json.get("splits")) {
            testRows.put(num(s.get("seed")).longValue(),
                    new long[] {num(s.get("testRows")).longValue(), num(s.get("testPositives")).longValue()});
        }
        assertThat(testRows).containsOnlyKeys(1L, 2L);
        assertThat(testRows.get(1L)[1]).isPositive();
        for (Map<String, Object> e : board) {
            List<Map<String, Object>> runs = (List<Map<String, Object>>) e.get("runs");
            assertThat(runs).hasSize(2);
            assertThat(e.get("failedRuns")).as(e.get("name") + " " + runs).isEqualTo(0);
            for (Map<String, Object> r : runs) {
                long[] expected = testRows.get(num(r.get("seed")).longValue());
                assertThat(new long[] {num(r.get("testRows")).longValue(), num(r.get("testPositives")).longValue()})
                        .as(e.get("name").toString()).containsExactly(expected);
            }
            // mean ± sample std of the two seeds' PR-AUC, recomputed from the per-run numbers
            double a = num(runs.get(0).get("prAuc")).doubleValue();
            double b = num(runs.get(1).get("prAuc")).doubleValue();
            Map<String, Object> pr = (Map<String, Object>) e.get("prAuc");
            assertThat(num(pr.get("mean")).doubleValue()).isCloseTo((a + b) / 2, within(1e-12));
            assertThat(num(pr.get("std")).doubleValue()).isCloseTo(Math.abs(a - b) / Math.sqrt(2), within(1e-12));
            assertThat(e).containsKey("prAucFractionOfBayes");
        }
        // Sorted by mean PR-AUC, best first.
        for (int i = 1; i < board.size(); i++) {
            assertThat(mean(board.get(i - 1), "prAuc")).isGreaterThanOrEqualTo(mean(board.get(i), "prAuc"));
        }
        // The weighted LR baseline is far better than a constant predictor on this easy data.
        Map<String, Object> lr = board.stream().filter(e -> e.get("name").equals("logistic-regression")).findFirst()
                .orElseThrow();
        assertThat(mean(lr, "prAuc")).isGreaterThan(0.3);
        assertThat(o.leaderboard().entries()).hasSize(5);
    }

    private static Number num(Object o) {
        return (Number) o;
    }

    @SuppressWarnings("unchecked")
    private static double mean(Map<String, Object> entry, String metric) {
        return num(((Map<String, Object>) entry.get(metric)).get("mean")).doubleValue();
    }
}
