package dev.fulcrum.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Exit codes and one-line messages for each failure kind, as Spark would wrap them. */
class FailuresTest {
    /** Spark rethrows an executor's exception wrapped, often twice. */
    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("Job aborted due to stage failure",
                new IllegalStateException("Task 0 in stage 3.0 failed 1 times", cause));
    }

    @Test
    void badInputIsTwoWithItsOwnMessageEvenWhenWrapped() {
        BadInputException bad = new BadInputException("data.input x.csv: line 3, column Amount: expected a number; got 'a'");
        assertThat(Failures.exitCode(bad)).isEqualTo(2);
        assertThat(Failures.exitCode(wrapped(bad))).isEqualTo(2);
        assertThat(Failures.oneLine(wrapped(bad))).isEqualTo(bad.getMessage());
    }

    @Test
    void storageFailuresAreThreeWhetherFulcrumOrHadoopRaisedThem() {
        IoFailureException io = new IoFailureException("output.dir: cannot write metrics.json: No space left on device",
                new IOException("No space left on device"));
        assertThat(Failures.exitCode(io)).isEqualTo(3);
        assertThat(Failures.oneLine(wrapped(io))).isEqualTo(io.getMessage());
        // a raw IOException deep in a chain that no Fulcrum code classified
        assertThat(Failures.exitCode(wrapped(new IOException("Connection refused")))).isEqualTo(3);
        assertThat(Failures.oneLine(wrapped(new UncheckedIOException(new IOException("Stale file handle")))))
                .startsWith("I/O failure: ").contains("Stale file handle");
    }

    @Test
    void theFirstFulcrumTypeInTheChainDecides() {
        // bad input that surfaced through an I/O wrapper is still the user's to fix
        assertThat(Failures.exitCode(new UncheckedIOException(new IOException("read failed",
                new BadInputException("data.input: truncated .csv.gz"))))).isEqualTo(2);
        assertThat(Failures.exitCode(new InternalException("impossible branch", new IOException("x")))).isEqualTo(1);
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutAOneLiner() {
        assertThat(Failures.exitCode(new NullPointerException())).isEqualTo(1);
        assertThat(Failures.exitCode(wrapped(new ArithmeticException("/ by zero")))).isEqualTo(1);
        assertThat(Failures.oneLine(new NullPointerException())).isNull();
    }
}
