package dev.fulcrum.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code data.categorical = auto} for CSV: one pass over the lines counts, per candidate column,
 * the non-empty cells and those that are not numbers. A column is categorical when most of its
 * non-empty cells are not numbers; a numeric column with a few typos stays numeric, and those rows
 * stay bad rows naming the cell, instead of the column silently turning into levels. Cells that
 * parse as a double (NaN and Infinity included) count as numbers. Lines that do not split into the
 * header's width are skipped here; validation reports them.
 */
final class CategoricalDetection {
    private CategoricalDetection() {
    }

    static List<String> detect(SparkSession spark, InputFiles files, List<String> header, List<String> candidates,
                               CsvOptions csv) {
        int[] idx = candidates.stream().mapToInt(header::indexOf).toArray();
        int width = header.size();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long[] counts = jsc.newAPIHadoopFile(String.join(",", files.files()), TextInputFormat.class,
                        LongWritable.class, Text.class, spark.sparkContext().hadoopConfiguration())
                .mapPartitions(it -> {
                    long[] c = new long[2 * idx.length]; // [2i] non-empty cells, [2i + 1] of them not numbers
                    while (it.hasNext()) {
                        scala.Tuple2<LongWritable, Text> t = it.next();
                        String line = t._2().toString();
                        if (t._1().get() == 0 || line.isBlank()) {
                            continue;
                        }
                        List<String> fields = CsvLine.split(line, csv);
                        if (fields == null || fields.size() != width) {
                            continue;
                        }
                        for (int i = 0; i < idx.length; i++) {
                            String s = fields.get(idx[i]).trim();
                            if (!csv.missing(s)) {
                                c[2 * i]++;
                                if (!isNumber(s)) {
                                    c[2 * i + 1]++;
                                }
                            }
                        }
                    }
                    return java.util.List.of(c).iterator();
                })
                .fold(new long[2 * idx.length], (a, b) -> {
                    long[] s = new long[a.length];
                    for (int i = 0; i < a.length; i++) {
                        s[i] = a[i] + b[i];
                    }
                    return s;
                });
        List<String> out = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            if (2 * counts[2 * i + 1] > counts[2 * i]) {
                out.add(candidates.get(i));
            }
        }
        return out;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
