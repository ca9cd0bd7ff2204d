package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.Failures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskWriterTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path tmp;

    private static final StructType PREDICTIONS = new StructType()
            .add(ImageRows.ID, DataTypes.StringType, false)
            .add(ImageRows.WIDTH, DataTypes.IntegerType, false)
            .add(ImageRows.HEIGHT, DataTypes.IntegerType, false)
            .add(ImageRows.PROB, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    private static final float[] P1 = {0.1f, 0.5f, 0.49f, 0.9f, 1.0f, 0.0f};
    private static final float[] P2 = {0.7f, 0.2f, 0.6f, 0.3f};

    private Dataset<Row> predictions(Object[]... rows) {
        List<Row> list = new java.util.ArrayList<>();
        for (Object[] r : rows) {
            float[] p = (float[]) r[3];
            Float[] boxed = new Float[p.length];
            for (int i = 0; i < p.length; i++) {
                boxed[i] = p[i];
            }
            list.add(RowFactory.create(r[0], r[1], r[2], boxed));
        }
        return spark.createDataFrame(list, PREDICTIONS).repartition(2);
    }

    private Dataset<Row> twoImages() {
        return predictions(new Object[] {"p1", 3, 2, P1}, new Object[] {"p2", 2, 2, P2});
    }

    @Test
    void writtenMasksReadBackThroughImageReaderAsThePredictionThresholded() throws IOException {
        Path root = tmp.resolve("set");
        Files.createDirectories(root.resolve("images"));
        Files.write(root.resolve("images/p1.png"), Png.encodeGrey(new float[6], 3, 2));
        Files.write(root.resolve("images/p2.png"), Png.encodeGrey(new float[4], 2, 2));
        MaskWriter.Written w = MaskWriter.write(twoImages(), root.resolve("masks").toString(), 0.5, false, false);
        assertThat(w.masks()).isEqualTo(2);
        assertThat(w.foregroundPixels()).isEqualTo(5); // 0.5, 0.9, 1.0 | 0.7, 0.6
        ImageReader.Result r = ImageReader.read(spark, new ImageReadSpec(root.toString(), 127, true, OnBadImage.FAIL));
        Map<String, Row> rows = r.images().collectAsList().stream().collect(Collectors.toMap(x -> x.getString(0), x -> x));
        assertThat(ImageRows.floats(rows.get("p1"), ImageRows.MASK)).containsExactly(0f, 1f, 0f, 1f, 1f, 0f);
        assertThat(ImageRows.floats(rows.get("p2"), ImageRows.MASK)).containsExactly(1f, 0f, 1f, 0f);
        r.release();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("set"); // no temp dir left
        }
    }

    @Test
    void probabilitiesAreWrittenAs8BitGrey() throws IOException {
        Path out = tmp.resolve("pred");
        MaskWriter.write(twoImages(), out.toString(), 0.5, true, false);
        Png.Grey g = Png.decode(Files.readAllBytes(out.resolve("prob/p1.png")));
        assertThat(g.width()).isEqualTo(3);
        // round(255 p): 25.5 -> 26, 127.5 -> 128, 124.95 -> 125; 0.9f is 0.89999998, so 229.49999 -> 229
        assertThat(g.levels()).containsExactly(26f, 128f, 125f, 229f, 255f, 0f);
        assertThat(Png.decode(Files.readAllBytes(out.resolve("p1.png"))).levels()).containsExactly(0f, 255f, 0f, 255f, 255f, 0f);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("p1.png", "p2.png", "prob");
        }
    }

    @Test
    void anExistingOutputIsRefusedOrReplacedWholeAndAFailedWriteLeavesItAsItWas() throws IOException {
        Path out = tmp.resolve("masks");
        MaskWriter.write(predictions(new Object[] {"old", 2, 2, P2}), out.toString(), 0.5, false, false);
        assertThatThrownBy(() -> MaskWriter.write(twoImages(), out.toString(), 0.5, false, false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already exists and is not empty");
        // a NaN in the second image fails its task after others may have written: the old output stays
        Dataset<Row> broken = predictions(new Object[] {"p1", 3, 2, P1},
                new Object[] {"p2", 2, 2, new float[] {0.1f, Float.NaN, 0.2f, 0.3f}});
        assertThatThrownBy(() -> MaskWriter.write(broken, out.toString(), 0.5, false, true))
                .satisfies(e -> {
                    assertThat(Failures.exitCode(e)).isEqualTo(Failures.BAD_INPUT);
                    assertThat(Failures.oneLine(e)).isEqualTo("predictions: image p2 has probability NaN at (x=1, y=0); "
                            + "a mask needs finite probabilities (check the model's output)");
                });
        assertThat(names(out)).containsExactly("old.png");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("masks");
        }
        MaskWriter.write(twoImages(), out.toString(), 0.5, false, true);
        assertThat(names(out)).containsExactly("p1.png", "p2.png");
    }

    @Test
    void badIdsSizesAndThresholdsAreRefused() {
        String out = tmp.resolve("x").toString();
        assertThatThrownBy(() -> MaskWriter.write(predictions(new Object[] {"a/b", 2, 2, P2}), out, 0.5, false, false))
                .satisfies(e -> assertThat(Failures.oneLine(e)).contains("image id \"a/b\" cannot be a file name"));
        assertThatThrownBy(() -> MaskWriter.write(predictions(new Object[] {"a", 3, 2, P2}), out, 0.5, false, false))
                .satisfies(e -> assertThat(Failures.oneLine(e))
                        .isEqualTo("predictions: image a is 3x2 but its prob holds 4 values; expected width x height"));
        assertThatThrownBy(() -> MaskWriter.write(predictions(new Object[] {"a", 2, 2, P2}, new Object[] {"a", 2, 2, P2}),
                out, 0.5, false, false)).isInstanceOf(BadInputException.class).hasMessageContaining("occurs 2 times");
        assertThatThrownBy(() -> MaskWriter.write(twoImages(), out, 1.0, false, false))
                .hasMessage("mask threshold must be in (0, 1); got 1.0");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
