package dev.fulcrum.images;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * 8-bit grey PNG bytes to and from the float arrays of {@link ImageRows} (row-major, y * width + x).
 * Encoding writes {@code round(255 * v)} for v clipped to [0, 1]; decoding yields grey levels in
 * [0, 255] whatever the file's colour type, so a reader can threshold masks and scale images alike.
 */
public final class Png {
    /** ITU-R BT.601 luma weights: what "grey" means for an RGB photograph. */
    private static final double RED = 0.299;
    private static final double GREEN = 0.587;
    private static final double BLUE = 0.114;

    private Png() {
    }

    /** A decoded image: its size and one grey level in [0, 255] per pixel. */
    public static final class Grey {
        private final int width;
        private final int height;
        private final float[] levels;

        Grey(int width, int height, float[] levels) {
            this.width = width;
            this.height = height;
            this.levels = levels;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        /** Grey levels in [0, 255], row-major. */
        public float[] levels() {
            return levels;
        }

        /** The levels scaled to [0, 1], as {@link ImageRows#IMAGE} holds them. */
        public float[] unit() {
            float[] out = new float[levels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = levels[i] / 255f;
            }
            return out;
        }
    }

    /** 8-bit grey PNG of values in [0, 1] (clipped; NaN is written as 0). */
    public static byte[] encodeGrey(float[] values, int width, int height) {
        checkSize(values.length, width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = values[y * width + x];
                row[x] = v > 0 ? (int) Math.round(Math.min(v, 1f) * 255.0) : 0;
            }
            raster.setSamples(0, y, width, 1, 0, row);
        }
        return write(img);
    }

    /** 8-bit grey PNG with 255 where {@code values[i] >= threshold}, else 0 (a binary mask file). */
    public static byte[] encodeBinary(float[] values, int width, int height, double threshold) {
        float[] binary = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            binary[i] = values[i] >= threshold ? 1f : 0f;
        }
        return encodeGrey(binary, width, height);
    }

    /**
     * Decodes PNG (or any format javax.imageio reads) to grey levels: single-band grey images by
     * their sample scaled to [0, 255] (so 16-bit grey works too), everything else (RGB, palette,
     * with or without alpha) by the BT.601 luma of the displayed colour, alpha ignored.
     *
     * @throws IOException when the bytes are not an image javax.imageio can decode
     */
    public static Grey decode(byte[] bytes) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            // truncated or corrupt streams surface as runtime exceptions from some decoders
            throw new IOException(e.toString(), e);
        }
        if (img == null) {
            throw new IOException("not an image javax.imageio can decode");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[] levels = new float[w * h];
        Raster raster = img.getRaster();
        boolean plainGrey = raster.getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (plainGrey) {
            double max = (1L << img.getColorModel().getComponentSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    levels[y * w + x] = (float) (row[x] * 255.0 / max);
                }
            }
        } else {
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int c = argb[x];
                    levels[y * w + x] = (float) (RED * ((c >> 16) & 0xff) + GREEN * ((c >> 8) & 0xff) + BLUE * (c & 0xff));
                }
            }
        }
        return new Grey(w, h, levels);
    }

    private static byte[] write(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("javax.imageio has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into a byte array: cannot happen
        }
        return out.toByteArray();
    }

    private static void checkSize(int length, int width, int height) {
        if (width < 1 || height < 1 || length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " needs " + (long) width * height
                    + " values; got " + length);
        }
    }
}
