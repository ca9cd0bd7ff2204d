package dev.fulcrum.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 case 1: only the stage classes Fulcrum writes are ever instantiated from a bundle. */
class ScalerAllowlistTest {
    /** Set by {@link Tripwire}'s static initialiser: true means a class named by a bundle was loaded. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();
    private static final String PWNED = "fulcrum.test.pwned";

    @TempDir
    Path tmp;
    private final Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();

    /** A Fulcrum-package class an attacker could name; it records being initialised. */
    public static final class Tripwire {
        static {
            TRIPPED.set(true);
        }
    }

    @Test
    void aScalerWithEveryScalingKindHoldsExactlyTheAllowlistedClasses() throws Exception {
        Dataset<Row> rows = BundleFixture.rows(200);
        String run = BundleFixture.write(tmp.resolve("run").toString(), BundleFixture.scaler(rows), hadoop);
        Path model = Path.of(URI.create(run)).resolve("model");
        Set<String> seen = new TreeSet<>();
        seen.add(String.valueOf(Json.read(Files.readString(model.resolve("scaler/metadata/part-00000"))).get("class")));
        for (Path m : Attacker.stageMetadata(model)) {
            seen.add(String.valueOf(Json.read(Files.readString(m)).get("class")));
        }
        // Listed by hand from FeatureScaling: the root, the assemblers, both fitted scalers, the column drop.
        assertThat(seen).containsExactly("dev.fulcrum.features.DropColumns", "org.apache.spark.ml.PipelineModel",
                "org.apache.spark.ml.feature.RobustScalerModel", "org.apache.spark.ml.feature.StandardScalerModel",
                "org.apache.spark.ml.feature.VectorAssembler");
        // and the bundle loads and scores
        LoadedModel loaded = LoadedModel.load(run, hadoop);
        assertThat(loaded.score(rows, List.of("id")).count()).isEqualTo(200);
    }

    @Test
    void aBundleWhoseScalerRunsSqlIsRefusedNamingTheFileAndTheClassAndNoSqlRuns() throws Exception {
        Dataset<Row> rows = BundleFixture.rows(200);
        PipelineModel honest = BundleFixture.scaler(rows);
        List<PipelineStage> stages = new ArrayList<>(List.of(honest.stages()));
        // The reported attack: a Java method called from SQL and a WHERE that silently drops rows.
        stages.add(new SQLTransformer().setStatement("SELECT * FROM __THIS__ WHERE java_method('java.lang.System', "
                + "'setProperty', '" + PWNED + "', 'yes') IS NULL AND b < 50"));
        PipelineModel evil = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(rows);
        // ModelBundle.write computes every checksum (and the manifest) for the attacker.
        String run = BundleFixture.write(tmp.resolve("evil").toString(), evil, hadoop);
        System.clearProperty(PWNED);
        try {
            assertThatThrownBy(() -> LoadedModel.load(run, hadoop).score(rows, List.of("id")).count())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("refusing the bundle")
                    .hasMessageMatching("(?s).*scaler/stages/\\d+_sql_[0-9a-f]+/metadata/part-00000.*")
                    .hasMessageContaining("org.apache.spark.ml.feature.SQLTransformer");
            assertThat(System.getProperty(PWNED)).isNull();
        } finally {
            System.clearProperty(PWNED);
        }
    }

    @Test
    void anyOtherClassNamedInStageMetadataIsRefusedBeforeItIsLoaded() throws Exception {
        Dataset<Row> rows = BundleFixture.rows(100);
        String run = BundleFixture.write(tmp.resolve("run").toString(), BundleFixture.scaler(rows), hadoop);
        Path model = Path.of(URI.create(run)).resolve("model");
        Path stage = Attacker.stageMetadata(model).get(0);
        Files.writeString(stage, Files.readString(stage).replaceFirst("\"class\":\"[^\"]+\"",
                java.util.regex.Matcher.quoteReplacement("\"class\":\"" + Tripwire.class.getName() + "\"")));
        Attacker.reseal(model);
        assertThatThrownBy(() -> LoadedModel.load(run, hadoop))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(stage.toString().substring(stage.toString().indexOf("scaler/")))
                .hasMessageContaining(Tripwire.class.getName());
        assertThat(TRIPPED).isFalse();
    }

    @Test
    void aCategoricalScalerHoldsTheNewAllowlistedStagesLoadsAndScoresAndAnExtraDataFileIsRefused() throws Exception {
        String run = BundleFixture.writeCategorical(tmp.resolve("cat").toString(), hadoop);
        Path model = Path.of(URI.create(run)).resolve("model");
        Set<String> seen = new TreeSet<>();
        Path indexerData = null;
        for (Path m : Attacker.stageMetadata(model)) {
            String cls = String.valueOf(Json.read(Files.readString(m)).get("class"));
            seen.add(cls);
            if (cls.endsWith("StringIndexerModel")) {
                indexerData = m.getParent().getParent().resolve("data");
            }
        }
        // Listed by hand from FeatureScaling.fit with a categorical column and an imputed one
        assertThat(seen).containsExactly("dev.fulcrum.features.DropColumns", "dev.fulcrum.features.MissingIndicator",
                "org.apache.spark.ml.feature.ImputerModel", "org.apache.spark.ml.feature.OneHotEncoderModel",
                "org.apache.spark.ml.feature.StandardScalerModel", "org.apache.spark.ml.feature.StringIndexerModel",
                "org.apache.spark.ml.feature.VectorAssembler");
        LoadedModel loaded = LoadedModel.load(run, hadoop);
        assertThat(loaded.columnRules().categorical()).containsExactly("shop");
        // raw rows as scoring reads them: a level never seen in train and an empty b are scored
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", "double").add("a", "double").add("b", "double").add("shop", "string");
        Dataset<Row> fresh = SparkTestSession.get().createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create(1.0, 0.5, null, "zzz"),
                org.apache.spark.sql.RowFactory.create(2.0, -0.5, 0.3, "a")), schema);
        assertThat(loaded.score(fresh, List.of("id")).filter("score >= 0 AND score <= 1").count()).isEqualTo(2);

        // the indexer's data directory admits only part-*.parquet and _SUCCESS, like the scalers'
        assertThat(indexerData).isNotNull();
        Files.writeString(indexerData.resolve("extra.json"), "{}");
        assertThatThrownBy(() -> LoadedModel.load(run, hadoop)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("extra.json");
    }
}
