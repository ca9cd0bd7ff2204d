package dev.fulcrum.jobs;

import dev.fulcrum.bundle.Versions;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.report.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * provenance.json of a model: the job as resolved, versions, Spark conf (secrets left out), the
 * seeds it was trained with, the training data's fingerprint, timings, when.
 */
final class Provenance {
    private Provenance() {
    }

    static Map<String, Object> of(JobConfig job, SparkSession spark, Seeds seeds, String dataFingerprint,
                                  Map<String, Double> timings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("createdAt", Instant.now().toString());
        m.put("versions", Versions.all());
        m.put("job", Json.read(job.renderResolved()));
        Map<String, String> conf = new TreeMap<>();
        for (Tuple2<String, String> kv : spark.sparkContext().getConf().getAll()) {
            if (!kv._1().toLowerCase().contains("secret") && !kv._1().toLowerCase().contains("password")) {
                conf.put(kv._1(), kv._2());
            }
        }
        m.put("sparkConf", conf);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("split", seeds.split());
        s.put("model", seeds.model());
        if (job.data().generated()) {
            s.put("generate", job.data().generate().seed());
        }
        m.put("seeds", s);
        m.put("dataFingerprint", dataFingerprint);
        m.put("timings", new LinkedHashMap<>(timings));
        return m;
    }
}
