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
        assertThat(r.err().strip()).startsWith("fulcrum: training.epochz: unknown key").doesNotContain("\n").doesNotContain("at dev.");
    }

    @Test
    void aMissingJobFileIsExitCode2() {
        Run r = run("train", "--job", "jobs/does-not-exist.conf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--job: file not found");
    }
}
