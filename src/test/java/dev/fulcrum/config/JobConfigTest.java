package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    @TempDir
    Path dir;

    private File job(String hocon) throws Exception {
        Path p = dir.resolve("job.conf");
        Files.writeString(p, hocon);
        return p.toFile();
    }

    @Test
    void defaultsAloneFormAValidJob() {
        JobConfig c = JobConfig.load(null, List.of());
        assertThat(c.training().epochs()).isEqualTo(5);
        assertThat(c.training().mode()).isEqualTo(TrainingConfig.Mode.SPARK);
        assertThat(c.data().generated()).isTrue();
        assertThat(c.model().hidden()).containsExactly(64, 32);
    }

    @Test
    void jobFileOverridesDefaultsAndSetOverridesTheJobFile() throws Exception {
        File f = job("training { epochs = 7, batchSize = 128 }\nmodel.hidden = [16]\n");
        JobConfig c = JobConfig.load(f, List.of("training.epochs=3", "spark.conf { \"spark.executor.memory\" = 2g }"));
        assertThat(c.training().epochs()).isEqualTo(3);
        assertThat(c.training().batchSize()).isEqualTo(128);
        assertThat(c.model().hidden()).containsExactly(16);
        assertThat(c.spark().conf()).containsEntry("spark.executor.memory", "2g");
    }

    @Test
    void unknownKeyNamesTheKeyTheFileAndTheKnownSiblings() throws Exception {
        File f = job("training { epoch = 3 }\n");
        assertThatThrownBy(() -> JobConfig.load(f, List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("training.epoch: unknown key")
                .hasMessageContaining(f.getName())
                .hasMessageContaining("epochs");
    }

    @Test
    void wrongTypeAndOutOfRangeValuesAreRejectedWithTheRule() {
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.epochs=many")))
                .hasMessage("training.epochs must be an integer; got \"many\"");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.averagingFrequency=0")))
                .hasMessage("training.averagingFrequency must be >= 1; got 0");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("model.dropout=1.5")))
                .hasMessage("model.dropout must be in [0, 1); got 1.5");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.mode=yarn")))
                .hasMessage("training.mode must be one of (spark, local); got yarn");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("data.onBadRow=skip")))
                .hasMessage("data.onBadRow must be one of (fail, quarantine); got skip");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("model.hidden=[]")))
                .hasMessageContaining("model.hidden must list at least one layer");
    }

    @Test
    void missingJobFileAndBadSyntaxAreClearErrors() throws Exception {
        assertThatThrownBy(() -> JobConfig.load(new File(dir.toFile(), "nope.conf"), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--job: file not found");
        File f = job("training { epochs = \n");
        assertThatThrownBy(() -> JobConfig.load(f, List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not valid HOCON");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.epochs")))
                .hasMessageContaining("--set: expected key=value");
    }

    @Test
    void sparkPropertiesMustBeSparkKeys() {
        assertThatThrownBy(() -> JobConfig.load(null, List.of("spark.conf { executorMemory = 2g }")))
                .hasMessageContaining("Spark property names start with 'spark.'");
    }

    @Test
    void everyShippedJobFileParses() {
        File[] jobs = new File("jobs").listFiles((d, n) -> n.endsWith(".conf"));
        assertThat(jobs).isNotEmpty();
        for (File j : jobs) {
            assertThat(JobConfig.load(j, List.of()).name()).as(j.getName()).isNotBlank();
        }
    }
}
