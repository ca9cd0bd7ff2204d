package dev.fulcrum.segeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OverlaysTest {

    @Test
    void panelHasThreeTilesWithTheRightPixelColours() throws IOException {
        // 4x2 image: truth at (1,0) and (2,1); prediction (prob >= 0.5) at (1,0) and (3,0).
        float[] image = {0f, 0.5f, 1f, 0.2f, 0.4f, 0.6f, 0.8f, 1.5f};
        float[] mask = {0, 1, 0, 0, 0, 0, 1, 0};
        float[] prob = {0.1f, 0.9f, 0.49f, 0.5f, 0f, 0f, 0.2f, 0f};
        int s = Overlays.scale(4, 2);
        assertThat(s).isEqualTo(32);
        // Through PNG and back, as the report stores it.
        BufferedImage p = ImageIO.read(new ByteArrayInputStream(Overlays.png(Overlays.panel(image, mask, prob, 4, 2, 0.5))));
        int tile = 4 * s;
        assertThat(p.getWidth()).isEqualTo(3 * tile + 2 * Overlays.GAP);
        assertThat(p.getHeight()).isEqualTo(2 * s);
        for (int i = 0; i < 8; i++) {
            int x = i % 4;
            int y = i / 4;
            int grey = Math.round(255 * Math.min(1f, image[i]));
            // Both corners of each enlarged source pixel carry its colour.
            for (int d : new int[] {0, s - 1}) {
                assertThat(rgb(p, x * s + d, y * s + d)).as("image (%d,%d)", x, y).isEqualTo(new Color(grey, grey, grey));
                assertThat(rgb(p, tile + Overlays.GAP + x * s + d, y * s + d)).as("truth (%d,%d)", x, y)
                        .isEqualTo(mask[i] == 1 ? Overlays.TRUTH : Overlays.BACKGROUND);
                assertThat(rgb(p, 2 * (tile + Overlays.GAP) + x * s + d, y * s + d)).as("prediction (%d,%d)", x, y)
                        .isEqualTo(prob[i] >= 0.5 ? Overlays.PREDICTION : Overlays.BACKGROUND);
            }
        }
        assertThat(rgb(p, tile, 0)).isEqualTo(Color.WHITE);
        assertThat(rgb(p, 2 * tile + 2 * Overlays.GAP - 1, 2 * s - 1)).isEqualTo(Color.WHITE);
    }

    @Test
    void largeImagesAreNotEnlargedAndSizesAreChecked() {
        assertThat(Overlays.scale(300, 20)).isEqualTo(1);
        assertThat(Overlays.scale(100, 20)).isEqualTo(2);
        assertThatThrownBy(() -> Overlays.panel(new float[4], new float[4], new float[3], 2, 2, 0.5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("got 4, 4, 3");
    }

    private static Color rgb(BufferedImage p, int x, int y) {
        return new Color(p.getRGB(x, y));
    }
}
