package dev.fulcrum.images;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The row every segmentation stage reads and writes: one image and its mask, decoded once, so
 * that split, crop sampling, training, prediction and metrics agree on one layout and none of
 * them re-reads PNG files.
 *
 * <p>{@code image} holds grey levels in [0, 1] and {@code mask} 0/1 foreground flags (or, after
 * prediction, {@code prob} the foreground probability), all row-major: pixel (x, y) is element
 * {@code y * width + x}. Float, not double, because that is what the network consumes and it
 * halves the shuffle size.
 */
public final class ImageRows {

    public static final String ID = "id";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String IMAGE = "image";
    public static final String MASK = "mask";
    /** Predicted foreground probability per pixel, same layout as {@link #MASK}. */
    public static final String PROB = "prob";

    /** id, width, height, image, mask. */
    public static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, false)
            .add(WIDTH, DataTypes.IntegerType, false)
            .add(HEIGHT, DataTypes.IntegerType, false)
            .add(IMAGE, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(MASK, DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private ImageRows() {
    }

    public static Row row(String id, int width, int height, float[] image, float[] mask) {
        if (image.length != (long) width * height || mask.length != (long) width * height) {
            throw new IllegalArgumentException("image " + id + ": " + width + "x" + height + " needs "
                    + (long) width * height + " pixels; got image " + image.length + ", mask " + mask.length);
        }
        return RowFactory.create(id, width, height, boxed(image), boxed(mask));
    }

    /** The float[] of an array&lt;float&gt; column (Spark hands back a Scala Seq or a Java list). */
    public static float[] floats(Row row, String column) {
        java.util.List<Float> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static Float[] boxed(float[] values) {
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
