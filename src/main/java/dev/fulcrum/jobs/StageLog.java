package dev.fulcrum.jobs;

import dev.fulcrum.data.ClassCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per stage: rows in/out per class and wall time, for metrics.json and the report. */
public final class StageLog {
    private static final Logger LOG = LoggerFactory.getLogger(StageLog.class);
    private final List<Map<String, Object>> stages = new ArrayList<>();
    private final Map<String, Double> timings = new LinkedHashMap<>();

    public void record(String stage, ClassCounts in, ClassCounts out, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("in", counts(in));
        m.put("out", counts(out));
        m.put("seconds", seconds);
        stages.add(m);
        timings.merge(stage, seconds, Double::sum);
        LOG.info(String.format("%-40s in: %d neg / %d pos   out: %d neg / %d pos   %.1fs", stage,
                in == null ? 0 : in.negatives(), in == null ? 0 : in.positives(),
                out == null ? 0 : out.negatives(), out == null ? 0 : out.positives(), seconds));
    }

    public void time(String stage, double seconds) {
        timings.merge(stage, seconds, Double::sum);
    }

    public List<Map<String, Object>> stages() {
        return List.copyOf(stages);
    }

    public Map<String, Double> timings() {
        return new LinkedHashMap<>(timings);
    }

    private static Map<String, Object> counts(ClassCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c != null) {
            m.put("negatives", c.negatives());
            m.put("positives", c.positives());
        }
        return m;
    }
}
