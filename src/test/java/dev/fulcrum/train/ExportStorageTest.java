package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import org.junit.jupiter.api.Test;

/** The export approach on a cluster needs shared storage; the check runs before any Spark work. */
class ExportStorageTest {

    @Test
    void exportToTheLocalFileSystemOnAClusterIsAConfigErrorNamingBothFixes() {
        assertThatThrownBy(() -> Trainer.checkExportStorage(TrainingConfig.Approach.EXPORT, false, "spark://127.0.0.1:7077", "file",
                "file:/tmp/runs/.tmp-x/export"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("spark://127.0.0.1:7077")
                .hasMessageContaining("file:/tmp/runs/.tmp-x/export")
                .hasMessageContaining("training.approach=direct")
                .hasMessageContaining("hdfs://");
    }

    @Test
    void localModeSharedStorageAndTheDirectApproachAreAccepted() {
        assertThatCode(() -> Trainer.checkExportStorage(TrainingConfig.Approach.EXPORT, true, "local[*]", "file", "/tmp/e"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Trainer.checkExportStorage(TrainingConfig.Approach.EXPORT, false, "yarn", "hdfs", "hdfs:///runs/e"))
                .doesNotThrowAnyException();
        assertThatCode(() -> Trainer.checkExportStorage(TrainingConfig.Approach.DIRECT, false, "spark://h:7077", "file", "/tmp/e"))
                .doesNotThrowAnyException();
    }
}
