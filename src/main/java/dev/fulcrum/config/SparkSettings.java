package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;

/** The {@code spark} block: master and extra properties for runs not launched by spark-submit. */
public record SparkSettings(String master, String appName, Map<String, String> conf) {

    static SparkSettings from(Config c) {
        Keys k = new Keys(c, "spark");
        Map<String, String> conf = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig("conf").entrySet()) {
            String key = e.getKey().replace("\"", "");
            if (!key.startsWith("spark.")) {
                throw new BadInputException("spark.conf." + key + ": Spark property names start with 'spark.'; got "
                        + key + "; quote dotted names: \"spark.executor.memory\" = 4g");
            }
            conf.put(key, String.valueOf(e.getValue().unwrapped()));
        }
        return new SparkSettings(k.string("master"), k.string("appName"), Map.copyOf(conf));
    }
}
