package dev.fulcrum.jobs;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.report.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** provenance.json: the job as resolved, versions, Spark conf, seeds, timings, when. */
final class Provenance {
    private Provenance() {
    }

    static Map<String, Object> of(JobConfig job, SparkSession spark, Map<String, Object> bundle, Map<String, Double> timings) {
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
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("split", job.resolved().getAnyRef("split.seed"));
        seeds.put("model", job.model().seed());
        seeds.put("generate", job.data().generate().seed());
        m.put("seeds", seeds);
        m.put("dataFingerprint", bundle.get("dataFingerprint"));
        m.put("networkSha256", bundle.get("networkSha256"));
        m.put("timings", timings);
        return m;
    }
}
