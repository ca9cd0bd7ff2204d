package dev.fulcrum.config;

import com.typesafe.config.ConfigValue;
import dev.fulcrum.error.BadInputException;
import java.util.Map;
import java.util.TreeMap;

/** The {@code spark} block: master and extra properties for runs not launched by spark-submit. */
public record SparkSettings(String master, String appName, Map<String, String> conf) {

    static SparkSettings read(ConfigReader r) {
        Map<String, String> conf = new TreeMap<>();
        ConfigReader props = r.block("conf");
        for (Map.Entry<String, ConfigValue> e : props.leaves()) {
            String key = e.getKey().replace("\"", "");
            if (!key.startsWith("spark.")) {
                throw new BadInputException(props.path(key) + ": Spark property names start with 'spark.'; got "
                        + key + "; quote dotted names: \"spark.executor.memory\" = 4g");
            }
            conf.put(key, String.valueOf(e.getValue().unwrapped()));
        }
        return new SparkSettings(r.string("master"), r.string("appName"), Map.copyOf(conf));
    }
}
