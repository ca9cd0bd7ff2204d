package dev.fulcrum.segeval;

import dev.fulcrum.error.BadInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * One example image as a PNG panel of three tiles side by side, separated by {@link #GAP} white
 * columns: the grey image | the truth mask ({@link #TRUTH} on black) | the prediction at the
 * threshold ({@link #PREDICTION} on black). Small images are enlarged by an integer factor
 * (nearest neighbour, so every source pixel stays a sharp square) until the longer side reaches
 * {@link #MIN_SIDE} pixels.
 */
public final class Overlays {
    /** White columns between tiles. */
    public static final int GAP = 4;
    /** Shortest longer side of a tile after enlargement. */
    public static final int MIN_SIDE = 128;
    public static final Color TRUTH = new Color(0x2a, 0x9d, 0x4a);
    public static final Color PREDICTION = new Color(0xd6, 0x3b, 0x2f);
    public static final Color BACKGROUND = Color.BLACK;

    private Overlays() {
    }

    /** Enlargement factor of an image of this size: ceil(MIN_SIDE / longer side), at least 1. */
    public static int scale(int width, int height) {
        int side = Math.max(width, height);
        return Math.max(1, (MIN_SIDE + side - 1) / side);
    }

    /**
     * @param image grey levels in [0,1] (clamped), row-major
     * @param mask  0/1 truth
     * @param prob  foreground probabilities; a pixel is drawn as predicted iff prob >= threshold
     */
    public static BufferedImage panel(float[] image, float[] mask, float[] prob, int width, int height,
            double threshold) {
        long n = (long) width * height;
        if (width <= 0 || height <= 0 || image.length != n || mask.length != n || prob.length != n) {
            throw new BadInputException("overlay: a " + width + "x" + height + " image needs " + n
                    + " pixels in image, mask and prob; got " + image.length + ", " + mask.length + ", " + prob.length);
        }
        int s = scale(width, height);
        int tile = width * s;
        BufferedImage out = new BufferedImage(3 * tile + 2 * GAP, height * s, BufferedImage.TYPE_INT_RGB);
        int white = Color.WHITE.getRGB();
        for (int y = 0; y < out.getHeight(); y++) {
            for (int g = 0; g < GAP; g++) {
                out.setRGB(tile + g, y, white);
                out.setRGB(2 * tile + GAP + g, y, white);
            }
        }
        for (int i = 0; i < image.length; i++) {
            int grey = Math.round(255 * Math.max(0f, Math.min(1f, image[i])));
            int rgb = new Color(grey, grey, grey).getRGB();
            int truth = (mask[i] == 1f ? TRUTH : BACKGROUND).getRGB();
            int pred = (prob[i] >= threshold ? PREDICTION : BACKGROUND).getRGB();
            int x0 = (i % width) * s;
            int y0 = (i / width) * s;
            for (int dy = 0; dy < s; dy++) {
                for (int dx = 0; dx < s; dx++) {
                    out.setRGB(x0 + dx, y0 + dy, rgb);
                    out.setRGB(tile + GAP + x0 + dx, y0 + dy, truth);
                    out.setRGB(2 * (tile + GAP) + x0 + dx, y0 + dy, pred);
                }
            }
        }
        return out;
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", b)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode overlay as PNG", e);
        }
    }
}
