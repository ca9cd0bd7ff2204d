package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.ModelConfig;
import dev.fulcrum.train.TrainingConfig;
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
        assertThat(c.training().epochs()).isEqualTo(30);
        assertThat(c.training().earlyStopping().patience()).isEqualTo(5);
        assertThat(c.training().mode()).isEqualTo(TrainingConfig.Mode.AUTO);
        assertThat(c.training().engine()).isEqualTo(TrainingConfig.Engine.FULCRUM);
        assertThat(c.training().autoLocalMaxMiB()).isEqualTo(256);
        assertThat(c.training().learningRateScaling()).isEqualTo(TrainingConfig.LearningRateScaling.LINEAR);
        assertThat(c.data().generated()).isTrue();
        assertThat(c.model().hidden()).containsExactly(64, 32);
        assertThat(c.training().autoBatch()).isTrue();
    }

    @Test
    void batchSizeIsAutoOrAPositiveInteger() {
        assertThat(JobConfig.load(null, List.of("training.batchSize=auto")).training().batchSize())
                .isEqualTo(TrainingConfig.AUTO_BATCH);
        assertThat(JobConfig.load(null, List.of("training.batchSize=64")).training().batchSize()).isEqualTo(64);
        for (String bad : List.of("0", "-3", "big", "2.5")) {
            assertThatThrownBy(() -> JobConfig.load(null, List.of("training.batchSize=" + bad)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("training.batchSize must be auto or an integer >= 1; got " + bad);
        }
    }

    @Test
    void jobFileOverridesDefaultsAndSetOverridesTheJobFile() throws Exception {
        File f = job("training { epochs = 7, batchSize = 128 }\nmodel.hidden = [16]\n");
        JobConfig c = JobConfig.load(f, List.of("training.epochs=3", "spark.conf { \"spark.executor.memory\" = 2g }"));
        assertThat(c.training().epochs()).isEqualTo(3);
        assertThat(c.training().batchSize()).isEqualTo(128);
        assertThat(c.model().hidden()).containsExactly(16);
        assertThat(c.spark().conf()).containsEntry("spark.executor.memory", "2g");
        // Keys whose default is null are known keys too.
        JobConfig g = JobConfig.load(null, List.of("split.groupBy=card", "registry.model=fraud"));
        assertThat(g.split().groupBy()).isEqualTo("card");
        assertThat(g.resolved().getString("registry.model")).isEqualTo("fraud");
    }

    @Test
    void unknownKeyNamesTheKeyAndTheKnownSiblings() throws Exception {
        File f = job("training { epoch = 3 }\n");
        assertThatThrownBy(() -> JobConfig.load(f, List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.epoch is not a known key; known keys: approach, autoLocalMaxMiB, "
                        + "averagingFrequency, batchSize, earlyStopping, engine, epochs, mode, prefetch, repartition, "
                        + "scaleLearningRate, workers");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.earlyStopping.metrik=loss")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.earlyStopping.metrik is not a known key; known keys: metric, minDelta, patience");
    }

    @Test
    void unknownTopLevelKeyListsTheTopLevelBlocks() throws Exception {
        String known = "known keys: compare, data, ensemble, evaluation, job, loss, model, output, registry, sampling, "
                + "scaling, spark, split, training, tune";
        // A misspelt block: the old check listed the (empty) siblings of traning.epochs.
        assertThatThrownBy(() -> JobConfig.load(job("traning { epochs = 3 }\n"), List.of()))
                .isInstanceOf(BadInputException.class).hasMessage("traning is not a known key; " + known);
        assertThatThrownBy(() -> JobConfig.load(null, List.of("epochs=3")))
                .isInstanceOf(BadInputException.class).hasMessage("epochs is not a known key; " + known);
        // defaults{} of defaults.conf documents element defaults; it is not a job key.
        assertThatThrownBy(() -> JobConfig.load(null, List.of("defaults.sampling.smote.k=7")))
                .isInstanceOf(BadInputException.class).hasMessage("defaults is not a known key; " + known);
    }

    @Test
    void choicesAreEnumsParsedOnceWithTheOneOfWording() {
        JobConfig c = JobConfig.load(null, List.of("training.approach=direct", "training.repartition=never",
                "training.earlyStopping.metric=roc-auc", "model.activation=leakyrelu", "model.updater=sgd",
                "model.schedule=exponential"));
        assertThat(c.training().approach()).isEqualTo(TrainingConfig.Approach.DIRECT);
        assertThat(c.training().repartition()).isEqualTo(TrainingConfig.Repartition.NEVER);
        assertThat(c.training().earlyStopping().metric()).isEqualTo(TrainingConfig.Metric.ROC_AUC);
        assertThat(c.model().activation()).isEqualTo(ModelConfig.Activation.LEAKYRELU);
        assertThat(c.model().updater()).isEqualTo(ModelConfig.Updater.SGD);
        assertThat(c.model().schedule()).isEqualTo(ModelConfig.Schedule.EXPONENTIAL);
        // Defaults from defaults.conf.
        JobConfig d = JobConfig.load(null, List.of());
        assertThat(d.training().approach()).isEqualTo(TrainingConfig.Approach.EXPORT);
        assertThat(d.training().repartition()).isEqualTo(TrainingConfig.Repartition.BALANCED);
        assertThat(d.training().earlyStopping().metric()).isEqualTo(TrainingConfig.Metric.PR_AUC);
        assertThat(d.data().format()).isEqualTo("auto");

        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.approach=rdd")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.approach must be one of (export, direct); got rdd");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.repartition=sometimes")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.repartition must be one of (balanced, never, always); got sometimes");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.earlyStopping.metric=f1")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.earlyStopping.metric must be one of (pr-auc, roc-auc, loss); got f1");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("model.updater=rmsprop")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("model.updater must be one of (adam, nesterovs, sgd); got rmsprop");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("data.format=orc")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data.format must be one of (auto, csv, parquet); got orc");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("data.generate.format=auto")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data.generate.format must be one of (csv, parquet); got auto");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("training.approach=[1]")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("training.approach must be one of (export, direct); got [1]");
    }

    @Test
    void nestedBlocksOfAJobReadWithTheirFullPath() {
        assertThatThrownBy(() -> JobConfig.load(null, List.of("loss { type = combo, terms = [ { type = dice },"
                + " { type = focal, gama = 2 } ] }")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("loss.terms[1].gama is not a known key; known keys: alpha, classBalanced, gamma, type, weight");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("sampling = [ { type = tomek }, { type = smote, k = 0 } ]")))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[1].k must be >= 1; got 0");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("scaling.default=minmax")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("scaling.default must be one of (standard, robust, none); got minmax");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("scaling { robust = [Time], none = [Time] }")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("scaling: a column may be listed in one group only; got \"Time\" in both robust and none");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("evaluation.threshold { strategy = fixed }")))
                .isInstanceOf(BadInputException.class).hasMessage("evaluation.threshold.value: required key is missing");
        assertThatThrownBy(() -> dev.fulcrum.registry.RetrainSettings.from(
                JobConfig.load(null, List.of("registry.metric=f1"))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("registry.metric must be one of (pr-auc, roc-auc); got f1");
        assertThat(dev.fulcrum.registry.RetrainSettings.from(JobConfig.load(null, List.of())).metric())
                .isEqualTo("pr-auc");
    }

    @Test
    void theUnknownKeyWordingIsOneRuleAndItsKnownListIsNeverEmpty() {
        assertThat(ConfigReader.unknownKey("split", "sede", List.of("train", "seed")).getMessage())
                .isEqualTo("split.sede is not a known key; known keys: seed, train");
        assertThat(ConfigReader.unknownKey("", "traning", List.of("training")).getMessage())
                .isEqualTo("traning is not a known key; known keys: training");
        assertThatThrownBy(() -> ConfigReader.unknownKey("x", "y", List.of())).isInstanceOf(IllegalStateException.class);
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
                .hasMessage("training.mode must be one of (spark, local, auto); got yarn");
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
            String name = ConfigLoader.isSegmentation(j, List.of()) ? SegJobConfig.load(j, List.of()).name()
                    : JobConfig.load(j, List.of()).name();
            assertThat(name).as(j.getName()).isNotBlank();
        }
        // a segmentation job handed to a tabular-only command is named as such, not as an unknown key
        assertThatThrownBy(() -> JobConfig.load(new File("jobs/segmentation-compare.conf"), List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("jobs/segmentation-compare.conf is a segmentation job (task = segmentation): run it with "
                        + "fulcrum train or fulcrum compare; this command takes tabular jobs (keys of conf/defaults.conf)");
    }

    /** Issue 12 case 9: data.csv { delimiter, quote, nullValue } is typed, checked and defaults to RFC 4180. */
    @Test
    void dataCsvBlockIsReadCheckedAndDefaultsToRfc4180() throws Exception {
        assertThat(JobConfig.load(null, List.of()).data().csv()).isEqualTo(dev.fulcrum.data.CsvOptions.DEFAULT);
        JobConfig c = JobConfig.load(job("data.csv { delimiter = \"\\t\", quote = \"'\", nullValue = \"NA\" }\n"), List.of());
        assertThat(c.data().csv()).isEqualTo(new dev.fulcrum.data.CsvOptions('\t', '\'', "NA"));
        assertThat(JobConfig.load(null, List.of("data.csv.delimiter=\";\"")).data().csv().delimiter()).isEqualTo(';');
        assertThatThrownBy(() -> JobConfig.load(job("data.csv { separator = \";\" }\n"), List.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data.csv.separator is not a known key; known keys: delimiter, nullValue, quote");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("data.csv.delimiter=\";;\"")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("data.csv.delimiter must be one character").hasMessageEndingWith("got \";;\"");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("data.csv.quote=\",\"")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data.csv.quote must differ from data.csv.delimiter; both are \",\"");
    }

    @Test
    void categoricalRequiredAndImputeKeys() {
        dev.fulcrum.data.ColumnRules d = JobConfig.load(null, List.of()).data().rules();
        assertThat(d.autoCategorical()).isTrue();
        assertThat(d.impute()).isEqualTo(dev.fulcrum.data.ColumnRules.Impute.MEDIAN);
        assertThat(d.indicator()).isTrue();
        assertThat(d.encoding()).isEqualTo(dev.fulcrum.data.ColumnRules.Encoding.TARGET);
        assertThat(d.smoothing()).isEqualTo(20.0);
        dev.fulcrum.data.ColumnRules r = JobConfig.load(null, List.of("data.categorical=[merchant, \"c.c\"]",
                "data.required=[amount]", "data.impute.strategy=constant", "data.impute.constant=-1",
                "data.impute.indicator=false", "data.encoding=onehot", "data.targetSmoothing=3.5")).data().rules();
        assertThat(r.encoding()).isEqualTo(dev.fulcrum.data.ColumnRules.Encoding.ONEHOT);
        assertThat(r.smoothing()).isEqualTo(3.5);
        assertThat(r.withCategorical(List.of("x")).encoding()).isEqualTo(dev.fulcrum.data.ColumnRules.Encoding.ONEHOT);
        assertThat(r.categorical()).containsExactly("merchant", "c.c");
        assertThat(r.required()).containsExactly("amount");
        assertThat(r.impute()).isEqualTo(dev.fulcrum.data.ColumnRules.Impute.CONSTANT);
        assertThat(r.constant()).isEqualTo(-1.0);
        assertThat(r.indicator()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("data.categorical=yes")))
                .hasMessage("data.categorical must be auto or a list of column names, e.g. [merchant, country]; got \"yes\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("data.categorical=[Class]")))
                .hasMessageContaining("data.categorical must not name the label column Class");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("data.impute.strategy=mode")))
                .hasMessageContaining("data.impute.strategy must be one of (none, median, mean, constant)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("data.encoding=embed")))
                .hasMessageContaining("data.encoding must be one of (onehot, target); got embed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("data.targetSmoothing=0")))
                .hasMessageContaining("data.targetSmoothing must be > 0; got 0");
    }
    @Test
    void ensembleVariantsAreEachReadAsTheJobWithTheirKeysReplaced() {
        dev.fulcrum.train.EnsembleSpec e = JobConfig.load(null, List.of("ensemble.members=3",
                "model.dropout=0.1", "loss={type=weighted-bce}",
                "ensemble.variants=[{model.hidden=[8], loss={type=focal}}, "
                        + "{model {learningRate=0.01}, training.batchSize=16}]")).ensemble();
        assertThat(e.variants()).hasSize(2);
        dev.fulcrum.train.EnsembleSpec.Variant a = e.variants().get(0);
        dev.fulcrum.train.EnsembleSpec.Variant b = e.variants().get(1);
        assertThat(a.model().hidden()).containsExactly(8);
        assertThat(a.model().dropout()).as("the job's own key where the variant sets none").isEqualTo(0.1);
        assertThat(a.loss().describe()).startsWith("focal");
        assertThat(a.batchSize()).as("training.batchSize = auto: the job's rule").isZero();
        assertThat(b.model().hidden()).containsExactly(64, 32);
        assertThat(b.model().learningRate()).isEqualTo(0.01);
        assertThat(b.loss().describe()).as("the loss replaced only where set").startsWith("weighted-bce");
        assertThat(b.batchSize()).isEqualTo(16);
        assertThat(e.variantOf(2)).isSameAs(a);
        assertThat(JobConfig.load(null, List.of("ensemble.members=3")).ensemble().variantOf(1)).isNull();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("ensemble.members=2",
                        "ensemble.variants=[{sampling=[]}]")))
                .hasMessageContaining("ensemble.variants[0].sampling is not a key a variant may set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of(
                        "ensemble.variants=[{model.hidden=[8]}]")))
                .hasMessageContaining("ensemble.members = 0; set ensemble.members >= 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("ensemble.members=2",
                        "ensemble.variants=[{model.dropout=2}]")))
                .hasMessageStartingWith("ensemble.variants[0]: model.dropout");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobConfig.load(null, List.of("ensemble.members=2",
                        "ensemble.variants=[3]")))
                .hasMessageContaining("ensemble.variants must be a list of objects");
    }
}
