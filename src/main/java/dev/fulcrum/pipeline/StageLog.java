package dev.fulcrum.pipeline;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.results.StageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stage records as they happen: logged one line each, and summed into per-stage timings. */
public final class StageLog {
    private static final Logger LOG = LoggerFactory.getLogger(StageLog.class);

    private StageLog() {
    }

    /** Logs and returns one stage's record ({@code in}/{@code out} may be null). */
    public static StageRecord record(String stage, ClassCounts in, ClassCounts out, double seconds) {
        LOG.info(String.format("%-40s in: %d neg / %d pos   out: %d neg / %d pos   %.1fs", stage,
                in == null ? 0 : in.negatives(), in == null ? 0 : in.positives(),
                out == null ? 0 : out.negatives(), out == null ? 0 : out.positives(), seconds));
        return new StageRecord(stage, in, out, seconds);
    }

    /** Seconds per stage name (repeated names summed), in first-seen order. */
    public static Map<String, Double> timings(List<StageRecord> stages) {
        Map<String, Double> t = new LinkedHashMap<>();
        stages.forEach(s -> t.merge(s.stage(), s.seconds(), Double::sum));
        return t;
    }
}
