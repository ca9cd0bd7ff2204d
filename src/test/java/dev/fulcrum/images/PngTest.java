package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngTest {

    @Test
    void everyGreyLevelSurvivesARoundTripAndTheFileIsAn8BitGreyPng() throws IOException {
        float[] v = new float[256];
        for (int i = 0; i < 256; i++) {
            v[i] = i / 255f;
        }
        byte[] png = Png.encodeGrey(v, 32, 8);
        var img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        assertThat(img.getRaster().getSample(31, 7, 0)).isEqualTo(255);
        assertThat(img.getRaster().getSample(1, 0, 0)).isEqualTo(1);
        Png.Grey g = Png.decode(png);
        assertThat(g.width()).isEqualTo(32);
        assertThat(g.height()).isEqualTo(8);
        for (int i = 0; i < 256; i++) {
            assertThat(g.levels()[i]).isEqualTo((float) i);
        }
        assertThat(g.unit()).containsExactly(v);
    }

    @Test
    void valuesOutsideTheUnitIntervalAreClippedAndBinaryEncodingThresholds() throws IOException {
        float[] v = {-0.5f, Float.NaN, 1.7f, 0.5f};
        assertThat(Png.decode(Png.encodeGrey(v, 2, 2)).levels()).containsExactly(0f, 0f, 255f, 128f);
        float[] p = {0.49f, 0.5f, 0.51f, 0f};
        assertThat(Png.decode(Png.encodeBinary(p, 4, 1, 0.5)).levels()).containsExactly(0f, 255f, 255f, 0f);
    }

    @Test
    void bytesThatAreNoImageAndWrongSizesAreRefused() {
        assertThatThrownBy(() -> Png.decode(new byte[] {1, 2, 3})).isInstanceOf(IOException.class)
                .hasMessageContaining("not an image");
        byte[] png = Png.encodeGrey(new float[64], 8, 8);
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> Png.decode(truncated)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Png.encodeGrey(new float[5], 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2x2 needs 4 values; got 5");
    }
}
