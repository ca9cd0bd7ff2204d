package dev.fulcrum.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.rand;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.Columns;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.report.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code scripts/bench/eval.sh}: time Fulcrum's exact distributed evaluation
 * ({@link BinaryEvaluator#summarize}: ROC-AUC, average precision, threshold table, histograms)
 * against MLlib's {@code BinaryClassificationMetrics} (exact, numBins = 0: areaUnderROC +
 * areaUnderPR) on the same cached synthetic (score, label) rows, each timed warm (second of two
 * runs). Usage: {@code EvalBenchmark <rows> <partitions> <out.json> [--set spark...]}.
 */
public final class EvalBenchmark {
    private EvalBenchmark() {
    }

    public static void main(String[] args) {
        long rows = Long.parseLong(args[0]);
        int partitions = Integer.parseInt(args[1]);
        String outFile = args[2];
        SparkSession spark = Sessions.create(JobConfig.sparkOnly(List.of(args).subList(3, args.length)));
        try {
            // 0.2% positives; scores = sigmoid(N(0,1) + 3·label), doubles (almost all distinct).
            Dataset<Row> data = spark.range(0, rows, 1, partitions)
                    .withColumn(Columns.LABEL, when(rand(11).lt(0.002), lit(1.0)).otherwise(lit(0.0)))
                    .withColumn(Columns.SCORE, lit(1.0).divide(lit(1.0).plus(
                            exp(randn(12).plus(col(Columns.LABEL).multiply(3)).multiply(-1)))))
                    .select(Columns.SCORE, Columns.LABEL)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long n = data.count();
            RDD<Tuple2<Object, Object>> pairs = data.javaRDD()
                    .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd()
                    .persist(StorageLevel.MEMORY_AND_DISK());
            pairs.count();

            double[] fulcrum = new double[2];
            double[] mllib = new double[2];
            ScoreSummary s = null;
            double mllibRoc = Double.NaN;
            double mllibPr = Double.NaN;
            for (int i = 0; i < 2; i++) {
                long t = System.nanoTime();
                s = BinaryEvaluator.summarize(data, Columns.SCORE, Columns.LABEL);
                fulcrum[i] = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                BinaryClassificationMetrics m = new BinaryClassificationMetrics(pairs, 0);
                mllibRoc = m.areaUnderROC();
                mllibPr = m.areaUnderPR();
                m.unpersist();
                mllib[i] = (System.nanoTime() - t) / 1e9;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rows", n);
            r.put("partitions", partitions);
            r.put("cores", Runtime.getRuntime().availableProcessors());
            r.put("master", spark.sparkContext().master());
            r.put("positives", s.positives());
            r.put("distinctScores", s.distinctScores());
            r.put("fulcrumSeconds", Map.of("cold", fulcrum[0], "warm", fulcrum[1]));
            r.put("mllibSeconds", Map.of("cold", mllib[0], "warm", mllib[1]));
            r.put("fulcrumOverMllibTimeRatioWarm", fulcrum[1] / mllib[1]);
            r.put("fulcrumRowsPerSecondWarm", n / fulcrum[1]);
            r.put("mllibRowsPerSecondWarm", n / mllib[1]);
            r.put("fulcrumRocAuc", s.rocAuc());
            r.put("mllibRocAuc", mllibRoc);
            r.put("rocAucAbsDifference", Math.abs(s.rocAuc() - mllibRoc));
            r.put("fulcrumAveragePrecision", s.averagePrecision());
            r.put("mllibAreaUnderPR", mllibPr);
            r.put("note", "Fulcrum computes exact ROC-AUC + average precision (step-wise, as scikit-learn) + a "
                    + "threshold table + histograms; MLlib's areaUnderPR is the trapezoidal area, so the PR "
                    + "figures differ by definition, ROC-AUC must agree");
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(outFile), Json.write(r));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot write " + outFile, e);
            }
            System.out.println(Json.write(r));
        } finally {
            spark.stop();
        }
    }
}
