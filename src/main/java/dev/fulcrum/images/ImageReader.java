package dev.fulcrum.images;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads a segmentation set laid out as {@code <dir>/images/<id>.png} + {@code <dir>/masks/<id>.png}
 * (the layout of most public sets) through Spark's {@code binaryFile} source, and decodes the PNGs
 * with javax.imageio on the executors: images to grey in [0, 1] (RGB by BT.601 luma), masks to 0/1
 * by {@code level > maskThreshold}. Files not ending in {@code .png} (any case), hidden files
 * ({@code .x}, {@code _x}) and subdirectories (e.g. {@link MaskWriter}'s {@code prob/}) are not read.
 *
 * <p>A pair is bad, with {@link #PROBLEM} one of: {@value #UNDECODABLE} (image or mask file not a
 * decodable image), {@value #SIZE_MISMATCH}, {@value #MISSING_MASK}, {@value #MASK_WITHOUT_IMAGE},
 * {@value #NON_BINARY_MASK} (only when {@code maskMustBeBinary}). Under {@link OnBadImage#FAIL} the
 * first bad file by name stops the read with one line; under {@link OnBadImage#QUARANTINE} bad
 * pairs go to {@link Result#quarantine()} and are counted by problem. Nothing is dropped silently.
 *
 * <p>The image and mask bytes are joined by id before anything is decoded, so each pair is decoded
 * once, in one task, and the decoded rows are cached (MEMORY_AND_DISK) for the counts and the
 * caller; {@link Result#release()} drops that cache.
 */
public final class ImageReader {
    public static final String FILE = "file";
    public static final String PROBLEM = "problem";
    public static final String REASON = "reason";
    public static final String UNDECODABLE = "undecodable";
    public static final String SIZE_MISMATCH = "size-mismatch";
    public static final String MISSING_MASK = "missing-mask";
    public static final String MASK_WITHOUT_IMAGE = "mask-without-image";
    public static final String NON_BINARY_MASK = "non-binary-mask";

    /** id, file (the offending file's path), problem (one of the constants above), reason (one line). */
    public static final StructType QUARANTINE_SCHEMA = new StructType()
            .add(ImageRows.ID, DataTypes.StringType, false)
            .add(FILE, DataTypes.StringType, false)
            .add(PROBLEM, DataTypes.StringType, false)
            .add(REASON, DataTypes.StringType, false);

    private static final StructType DECODED = new StructType()
            .add(ImageRows.ID, DataTypes.StringType, false)
            .add(ImageRows.WIDTH, DataTypes.IntegerType, true)
            .add(ImageRows.HEIGHT, DataTypes.IntegerType, true)
            .add(ImageRows.IMAGE, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(ImageRows.MASK, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(FILE, DataTypes.StringType, true)
            .add(PROBLEM, DataTypes.StringType, true)
            .add(REASON, DataTypes.StringType, true);

    private ImageReader() {
    }

    /**
     * @param images      usable pairs in {@link ImageRows#SCHEMA}
     * @param quarantine  bad pairs in {@link #QUARANTINE_SCHEMA} (empty under {@link OnBadImage#FAIL})
     * @param read        ids seen (an image, a mask or both)
     * @param kept        rows of {@code images}
     * @param quarantined bad pairs per problem (sorted by problem; absent problems are not listed)
     */
    public record Result(Dataset<Row> images, Dataset<Row> quarantine, long read, long kept,
                         Map<String, Long> quarantined, Dataset<Row> cache) {
        /** All quarantined pairs. */
        public long quarantinedTotal() {
            return quarantined.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Drops the cache of decoded pairs both frames read from. */
        public void release() {
            cache.unpersist();
        }
    }

    public static Result read(SparkSession spark, ImageReadSpec spec) {
        Path root = new Path(spec.dir());
        FileSystem fs = AtomicDirectory.fileSystem(root, spark.sparkContext().hadoopConfiguration(), "data.input");
        Path imagesDir = new Path(root, "images");
        Path masksDir = new Path(root, "masks");
        requireDirectory(fs, root, imagesDir, masksDir);
        Dataset<Row> images = files(spark, imagesDir, "i");
        Dataset<Row> masks = files(spark, masksDir, "m");
        if (images.isEmpty()) {
            throw new BadInputException("data.input: " + fs.makeQualified(imagesDir) + " holds no .png file; put the "
                    + "images there as <id>.png (masks as masks/<id>.png)");
        }
        int threshold = spec.maskThreshold();
        boolean binary = spec.maskMustBeBinary();
        JavaRDD<Row> decoded = images.join(masks, images.col(ImageRows.ID).equalTo(masks.col(ImageRows.ID)), "full_outer")
                .select(functionsCoalesce(images, masks), col("i_file"), col("i_content"), col("m_file"), col("m_content"))
                .toJavaRDD()
                .map(r -> decode(r.getString(0), r.getString(1), (byte[]) r.get(2), r.getString(3), (byte[]) r.get(4),
                        threshold, binary));
        Dataset<Row> cache = spark.createDataFrame(decoded, DECODED).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> byProblem = new TreeMap<>();
            long read = 0;
            for (Row r : cache.groupBy(col(PROBLEM)).count().collectAsList()) {
                read += r.getLong(1);
                if (!r.isNullAt(0)) {
                    byProblem.put(r.getString(0), r.getLong(1));
                }
            }
            long bad = byProblem.values().stream().mapToLong(Long::longValue).sum();
            Dataset<Row> quarantine = cache.filter(col(PROBLEM).isNotNull())
                    .select(col(ImageRows.ID), col(FILE), col(PROBLEM), col(REASON));
            if (bad > 0 && spec.onBadImage() == OnBadImage.FAIL) {
                Row first = quarantine.orderBy(col(FILE), col(ImageRows.ID)).first();
                throw new BadInputException(first.getString(1) + ": " + first.getString(3)
                        + (bad > 1 ? " (" + (bad - 1) + " more bad images; data.onBadImage = quarantine sets them aside)" : ""));
            }
            Dataset<Row> good = spark.createDataFrame(cache.filter(col(PROBLEM).isNull())
                    .select(col(ImageRows.ID), col(ImageRows.WIDTH), col(ImageRows.HEIGHT), col(ImageRows.IMAGE),
                            col(ImageRows.MASK)).toJavaRDD(), ImageRows.SCHEMA);
            Dataset<Row> q = spark.createDataFrame(quarantine.toJavaRDD(), QUARANTINE_SCHEMA);
            return new Result(good, q, read, read - bad, Collections.unmodifiableMap(byProblem), cache);
        } catch (RuntimeException e) {
            cache.unpersist();
            throw e;
        }
    }

    /** id, width, height, image: what prediction needs of an image without a mask. */
    public static final StructType UNLABELLED_SCHEMA = new StructType()
            .add(ImageRows.ID, DataTypes.StringType, false)
            .add(ImageRows.WIDTH, DataTypes.IntegerType, false)
            .add(ImageRows.HEIGHT, DataTypes.IntegerType, false)
            .add(ImageRows.IMAGE, DataTypes.createArrayType(DataTypes.FloatType, false), false);

    /**
     * The images to segment, without masks: {@code <dir>/images/<id>.png} when {@code dir} has an
     * {@code images/} subdirectory (a labelled set's masks are then ignored), else the .png files of
     * {@code dir} itself. An undecodable file fails with one line or, under QUARANTINE, is set
     * aside ({@link #UNDECODABLE}) and counted. Rows in {@link #UNLABELLED_SCHEMA}.
     */
    public static Result readImages(SparkSession spark, String dir, OnBadImage onBadImage) {
        Path root = new Path(dir);
        FileSystem fs = AtomicDirectory.fileSystem(root, spark.sparkContext().hadoopConfiguration(), "--input");
        Path imagesDir;
        try {
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new BadInputException("--input: " + fs.makeQualified(root) + " is not a directory; point it at a "
                        + "directory of <id>.png images (or one holding images/<id>.png)");
            }
            Path sub = new Path(root, "images");
            imagesDir = fs.exists(sub) && fs.getFileStatus(sub).isDirectory() ? sub : root;
        } catch (IOException e) {
            throw new IoFailureException("--input: cannot list " + root + ": " + e.getMessage(), e);
        }
        Dataset<Row> images = files(spark, imagesDir, "i");
        if (images.isEmpty()) {
            throw new BadInputException("--input: " + fs.makeQualified(imagesDir) + " holds no .png file; put the "
                    + "images to segment there as <id>.png");
        }
        JavaRDD<Row> decoded = images.toJavaRDD().map(r -> decodeImage(r.getString(0), r.getString(1), (byte[]) r.get(2)));
        Dataset<Row> cache = spark.createDataFrame(decoded, DECODED).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long read = cache.count();
            long bad = cache.filter(col(PROBLEM).isNotNull()).count();
            Dataset<Row> quarantine = cache.filter(col(PROBLEM).isNotNull())
                    .select(col(ImageRows.ID), col(FILE), col(PROBLEM), col(REASON));
            if (bad > 0 && onBadImage == OnBadImage.FAIL) {
                Row first = quarantine.orderBy(col(FILE), col(ImageRows.ID)).first();
                throw new BadInputException(first.getString(1) + ": " + first.getString(3)
                        + (bad > 1 ? " (" + (bad - 1) + " more bad images; --on-bad-row quarantine sets them aside)" : ""));
            }
            Dataset<Row> good = spark.createDataFrame(cache.filter(col(PROBLEM).isNull())
                    .select(col(ImageRows.ID), col(ImageRows.WIDTH), col(ImageRows.HEIGHT), col(ImageRows.IMAGE))
                    .toJavaRDD(), UNLABELLED_SCHEMA);
            Map<String, Long> byProblem = bad == 0 ? Map.of() : Map.of(UNDECODABLE, bad);
            return new Result(good, spark.createDataFrame(quarantine.toJavaRDD(), QUARANTINE_SCHEMA), read, read - bad,
                    byProblem, cache);
        } catch (RuntimeException e) {
            cache.unpersist();
            throw e;
        }
    }

    static Row decodeImage(String id, String file, byte[] image) {
        try {
            Png.Grey img = Png.decode(image);
            return RowFactory.create(id, img.width(), img.height(), boxed(img.unit()), null, null, null, null);
        } catch (IOException e) {
            return bad(id, file, UNDECODABLE, "cannot decode the image (" + e.getMessage()
                    + "); re-export it as PNG or remove it");
        }
    }

    private static org.apache.spark.sql.Column functionsCoalesce(Dataset<Row> images, Dataset<Row> masks) {
        return org.apache.spark.sql.functions.coalesce(images.col(ImageRows.ID), masks.col(ImageRows.ID)).as(ImageRows.ID);
    }

    /** The .png files of {@code dir} as (id, {prefix}_file, {prefix}_content). */
    private static Dataset<Row> files(SparkSession spark, Path dir, String prefix) {
        Dataset<Row> raw = spark.read().format("binaryFile")
                .option("pathGlobFilter", "*.{png,PNG,Png}")
                .option("recursiveFileLookup", "false")
                .load(dir.toString());
        UDF1<String, String> id = p -> idOf(new Path(p).getName());
        return raw.select(udf(id, DataTypes.StringType).apply(col("path")).as(ImageRows.ID),
                col("path").as(prefix + "_file"), col("content").as(prefix + "_content"));
    }

    /** {@code a.b.png} -> {@code a.b}. */
    static String idOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static void requireDirectory(FileSystem fs, Path root, Path... subs) {
        try {
            if (!fs.exists(root)) {
                throw new BadInputException("data.input: " + fs.makeQualified(root) + " does not exist; point it at a "
                        + "directory holding images/<id>.png and masks/<id>.png");
            }
            for (Path p : subs) {
                FileStatus st = fs.exists(p) ? fs.getFileStatus(p) : null;
                if (st == null || !st.isDirectory()) {
                    throw new BadInputException("data.input: " + fs.makeQualified(root) + " has no " + p.getName()
                            + "/ subdirectory; the layout is images/<id>.png with masks/<id>.png of the same size");
                }
            }
        } catch (IOException e) {
            throw new IoFailureException("data.input: cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Decodes and checks one (image, mask) pair into a row of {@link #DECODED}; pure, runs on executors. */
    static Row decode(String id, String imageFile, byte[] image, String maskFile, byte[] mask, int threshold,
                      boolean mustBeBinary) {
        if (image == null) {
            return bad(id, maskFile, MASK_WITHOUT_IMAGE, "mask without an image (no images/" + id
                    + ".png); add the image or remove the mask");
        }
        if (mask == null) {
            return bad(id, imageFile, MISSING_MASK, "image without a mask (no masks/" + id
                    + ".png); add a mask (all black for no foreground) or remove the image");
        }
        Png.Grey img;
        try {
            img = Png.decode(image);
        } catch (IOException e) {
            return bad(id, imageFile, UNDECODABLE, "cannot decode the image (" + e.getMessage()
                    + "); re-export it as PNG or remove it and its mask");
        }
        Png.Grey m;
        try {
            m = Png.decode(mask);
        } catch (IOException e) {
            return bad(id, maskFile, UNDECODABLE, "cannot decode the mask (" + e.getMessage()
                    + "); re-export it as PNG or remove it and its image");
        }
        if (m.width() != img.width() || m.height() != img.height()) {
            return bad(id, maskFile, SIZE_MISMATCH, "mask is " + m.width() + "x" + m.height() + " but its image is "
                    + img.width() + "x" + img.height() + "; a mask must have its image's size");
        }
        float[] levels = m.levels();
        float[] flags = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
            float v = levels[i];
            if (mustBeBinary && Math.abs(v) >= 0.5f && Math.abs(v - 255f) >= 0.5f) {
                return bad(id, maskFile, NON_BINARY_MASK, "mask holds grey level " + Math.round(v) + " at (x=" + i % m.width()
                        + ", y=" + i / m.width() + "), not only 0 and 255; binarise the mask or allow thresholding "
                        + "(maskMustBeBinary = false, threshold " + threshold + ")");
            }
            flags[i] = v > threshold ? 1f : 0f;
        }
        return RowFactory.create(id, img.width(), img.height(), boxed(img.unit()), boxed(flags), null, null, null);
    }

    private static Row bad(String id, String file, String problem, String reason) {
        return RowFactory.create(id, null, null, null, null, file, problem, reason);
    }

    private static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
