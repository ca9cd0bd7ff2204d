package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.sampling.SplitSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitReaderTest {
    @Test
    void parsesFullBlock() {
        SplitSpec s = SplitReader.read(ConfigFactory.parseString(
                "train = 0.6, validation = 0.2, test = 0.2, seed = 11, groupBy = card, timeColumn = null"));
        assertThat(s.train()).isEqualTo(0.6);
        assertThat(s.validation()).isEqualTo(0.2);
        assertThat(s.test()).isEqualTo(0.2);
        assertThat(s.seed()).isEqualTo(11L);
        assertThat(s.groupBy()).isEqualTo("card");
        assertThat(s.timeColumn()).isNull();
    }

    @Test
    void keysLeftOutComeFromDefaultsConf() {
        long seed = ConfigLoader.defaults().getLong("split.seed");
        assertThat(SplitReader.read(ConfigFactory.parseString("train = 0.7, validation = 0.1, test = 0.2")).seed())
                .isEqualTo(seed);
        SplitSpec fromJob = JobConfig.load(null, List.of("split { train = 0.7, validation = 0.1, test = 0.2 }")).split();
        assertThat(fromJob.seed()).isEqualTo(seed);
        assertThat(fromJob.groupBy()).isNull();
    }

    @Test
    void rejectsFractionsNotSummingToOne() {
        assertThatThrownBy(() -> SplitReader.read(ConfigFactory.parseString("train = 0.6, validation = 0.2, test = 0.3")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("split: train + validation + test must sum to 1; got 0.6 + 0.2 + 0.3");
    }

    @Test
    void rejectsFractionOutsideOpenInterval() {
        assertThatThrownBy(() -> SplitSpec.of(1.0, 0.0, 0.0, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("split.train must be in (0, 1); got 1.0");
    }

    @Test
    void rejectsUnknownKeyAndWrongType() {
        assertThatThrownBy(() -> SplitReader.read(ConfigFactory.parseString(
                "train = 0.6, validation = 0.2, test = 0.2, sede = 3")))
                .isInstanceOf(BadInputException.class).hasMessage("split.sede is not a known key; known keys: groupBy, seed, "
                        + "test, timeColumn, train, validation");
        assertThatThrownBy(() -> SplitReader.read(ConfigFactory.parseString(
                "train = lots, validation = 0.2, test = 0.2")))
                .isInstanceOf(BadInputException.class).hasMessage("split.train must be a number; got \"lots\"");
        assertThatThrownBy(() -> SplitReader.read(ConfigFactory.parseString("train = 0.8, validation = null, test = 0.2")))
                .isInstanceOf(BadInputException.class).hasMessage("split.validation: required key is missing");
        assertThatThrownBy(() -> SplitReader.read(ConfigFactory.parseString("train = 1, validation = 0.2, test = 0.2")))
                .isInstanceOf(BadInputException.class).hasMessage("split.train must be in (0, 1); got 1");
    }
}
