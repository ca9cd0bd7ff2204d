package dev.fulcrum.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.cli.FulcrumCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum score --require-signed} end to end: exit code 2 and one line, or a scored output. */
class RequireSignedCliTest {
    @TempDir
    Path tmp;

    private record Run(int code, String err) {
    }

    private static Run score(String model, String input, String output, String... extra) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.List<String> full = new java.util.ArrayList<>(java.util.List.of("score", "--model", model,
                "--input", input, "--output", output));
        full.addAll(java.util.List.of(extra));
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(FulcrumCli.execute(full.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void anUnsignedBundleIsRefusedWithExitCode2AndOneLineAndASignedOneScores() {
        Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration(); // the command reuses it
        Dataset<Row> rows = BundleFixture.rows(50);
        String csv = tmp.resolve("in.csv").toString();
        rows.coalesce(1).write().option("header", "true").csv(csv);
        var scaler = BundleFixture.scaler(rows);
        String unsigned = BundleFixture.write(tmp.resolve("unsigned").toString(), scaler, hadoop);
        String signed = BundleFixture.write(tmp.resolve("signed").toString(), scaler, hadoop,
                BundleKeys.of(BundleIntegrityTest.KEY));

        Run noKey = score(unsigned, csv, tmp.resolve("o1").toString(), "--require-signed");
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err().strip()).doesNotContain("\n")
                .startsWith("fulcrum: --model: refusing the bundle: ")
                .contains("--require-signed needs the signing key");
        try {
            hadoop.set(BundleKeys.CONF, BundleIntegrityTest.KEY);
            Run r = score(unsigned, csv, tmp.resolve("o2").toString(), "--require-signed");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("fulcrum: --model: refusing the bundle: ")
                    .endsWith("manifest.sig: missing: the bundle is not signed (trained without FULCRUM_BUNDLE_KEY / "
                            + "fulcrum.bundle.key); retrain with the key set, or drop --require-signed");
            assertThat(tmp.resolve("o2")).doesNotExist();
            // without the option an unsigned bundle is still accepted (with a warning in the log)
            assertThat(score(unsigned, csv, tmp.resolve("o3").toString()).code()).isZero();
            Run ok = score(signed, csv, tmp.resolve("o4").toString(), "--require-signed");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(SparkTestSession.get().read().parquet(tmp.resolve("o4").toString()).count()).isEqualTo(50);
        } finally {
            hadoop.unset(BundleKeys.CONF);
        }
    }
}
