package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FulcrumCliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = FulcrumCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("generate").contains("train");
    }

    @Test
    void aBadJobKeyIsOneLineOnStderrWithExitCode2AndNoStackTrace() {
        Run r = run("train", "--set", "training.epochz=3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("fulcrum: training.epochz is not a known key; known keys: approach, "
                + "autoLocalMaxMiB, averagingFrequency, batchSize, earlyStopping, engine, epochs, mode, prefetch, "
                + "repartition, scaleLearningRate, workers");
    }

    @Test
    void aMissingJobFileIsExitCode2() {
        Run r = run("train", "--job", "jobs/does-not-exist.conf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--job: file not found");
    }

    @Test
    void resumeWithoutAnInterruptedRunOrWithJobIsExitCode2() {
        Run none = run("train", "--resume", "target/no-such-output/.tmp-x-20260101-000000");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--resume: no interrupted run at");
        Run both = run("train", "--resume", "target/x", "--job", "jobs/fraud-baseline.conf");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("drop --job and --set");
    }

    @Test
    void earlyStoppingKeysAreValidated() {
        Run r = run("train", "--set", "training.earlyStopping.metric=f1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("training.earlyStopping.metric must be one of (pr-auc, roc-auc, loss); got f1");
    }
}
