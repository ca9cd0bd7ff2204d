package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class CropSamplerTest {
    private final SparkSession spark = SparkTestSession.get();
    private static final int W = 32;
    private static final int H = 32;

    /** 32x32, pixel value (x + 32 y) / 1024 (unique), one 4x4 blob at x 20..23, y 5..8. */
    private static Row blobImage(String id) {
        float[] image = new float[W * H];
        float[] mask = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image[y * W + x] = (x + W * y) / 1024f;
                mask[y * W + x] = x >= 20 && x <= 23 && y >= 5 && y <= 8 ? 1f : 0f;
            }
        }
        return ImageRows.row(id, W, H, image, mask);
    }

    private Dataset<Row> images(int n, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(blobImage("b" + i));
        }
        return spark.createDataFrame(rows, ImageRows.SCHEMA).repartition(partitions);
    }

    private static double shareWithForeground(List<Row> crops) {
        return crops.stream().filter(r -> {
            for (float v : ImageRows.floats(r, ImageRows.MASK)) {
                if (v > 0) {
                    return true;
                }
            }
            return false;
        }).count() / (double) crops.size();
    }

    @Test
    void biasOneAlwaysHitsTheBlobAndBiasZeroHitsItAsOftenAsUniformCropsDo() {
        Dataset<Row> imgs = images(50, 2);
        // uniform 8x8 crops of 32x32: x0 in 0..24 meets x 20..23 for x0 in 13..23 (11 of 25), y0 meets y 5..8
        // for y0 in 0..8 (9 of 25)
        double uniform = 11 / 25.0 * 9 / 25.0;
        int n = 50 * 40;
        double sd = Math.sqrt(0.25 / n);
        List<Row> all = CropSampler.sample(imgs, new CropSpec(8, 40, 1.0, 3)).collectAsList();
        assertThat(all).hasSize(n);
        assertThat(shareWithForeground(all)).isEqualTo(1.0);
        assertThat(shareWithForeground(CropSampler.sample(imgs, new CropSpec(8, 40, 0.0, 3)).collectAsList()))
                .isCloseTo(uniform, within(4 * sd));
        assertThat(shareWithForeground(CropSampler.sample(imgs, new CropSpec(8, 40, 0.5, 3)).collectAsList()))
                .isCloseTo(0.5 + 0.5 * uniform, within(4 * sd));
    }

    @Test
    void cropsAreTheSourceRegionAndIdentifiedByImageAndIndex() {
        List<Row> crops = CropSampler.sample(images(3, 1), new CropSpec(8, 5, 0.5, 1)).collectAsList();
        assertThat(crops.stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList()))
                .containsExactly("b0#0", "b0#1", "b0#2", "b0#3", "b0#4", "b1#0", "b1#1", "b1#2", "b1#3", "b1#4",
                        "b2#0", "b2#1", "b2#2", "b2#3", "b2#4");
        for (Row c : crops) {
            assertThat(c.getInt(1)).isEqualTo(8);
            assertThat(c.getInt(2)).isEqualTo(8);
            float[] img = ImageRows.floats(c, ImageRows.IMAGE);
            float[] mask = ImageRows.floats(c, ImageRows.MASK);
            int first = Math.round(img[0] * 1024);
            int x0 = first % W;
            int y0 = first / W;
            assertThat(x0).isBetween(0, W - 8);
            assertThat(y0).isBetween(0, H - 8);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int sx = x0 + x;
                    int sy = y0 + y;
                    assertThat(img[y * 8 + x]).isEqualTo((sx + W * sy) / 1024f);
                    assertThat(mask[y * 8 + x]).isEqualTo(sx >= 20 && sx <= 23 && sy >= 5 && sy <= 8 ? 1f : 0f);
                }
            }
        }
    }

    @Test
    void cropsDependOnSeedIdAndIndexOnlyNotOnPartitioning() {
        CropSpec spec = new CropSpec(8, 6, 0.5, 9);
        List<String> one = text(CropSampler.sample(images(10, 1), spec).collectAsList());
        List<String> four = text(CropSampler.sample(images(10, 4), spec).collectAsList());
        assertThat(four).isEqualTo(one);
        assertThat(text(CropSampler.sample(images(10, 4), new CropSpec(8, 6, 0.5, 10)).collectAsList())).isNotEqualTo(one);
        // more crops per image keep the earlier ones
        List<String> more = text(CropSampler.sample(images(10, 2), new CropSpec(8, 7, 0.5, 9)).collectAsList());
        assertThat(more).containsAll(one).hasSize(70);
    }

    @Test
    void anImageSmallerThanTheCropIsAClearError() {
        List<Row> rows = List.of(blobImage("big"), ImageRows.row("tiny", 6, 20, new float[120], new float[120]));
        Dataset<Row> d = spark.createDataFrame(rows, ImageRows.SCHEMA);
        assertThatThrownBy(() -> CropSampler.sample(d, new CropSpec(8, 2, 0.5, 1))).isInstanceOf(BadInputException.class)
                .hasMessage("crop.size 8 does not fit image tiny (6x20); choose crop.size <= the smallest image side or "
                        + "drop the smaller images");
        assertThatThrownBy(() -> new CropSpec(8, 0, 0.5, 1)).hasMessageContaining("cropsPerImage must be >= 1; got 0");
        // a crop as large as the image is the image
        Row whole = CropSampler.sample(d.filter("id = 'big'"), new CropSpec(32, 1, 1.0, 1)).first();
        float[] img = ImageRows.floats(whole, ImageRows.IMAGE);
        for (int p = 0; p < W * H; p++) {
            assertThat(img[p]).isEqualTo(p / 1024f);
        }
    }

    private static List<String> text(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparing(r -> r.getString(0)))
                .map(r -> r.getString(0) + Arrays.toString(ImageRows.floats(r, ImageRows.IMAGE)))
                .collect(Collectors.toList());
    }
}
