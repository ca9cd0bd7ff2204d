package dev.fulcrum.pipeline;

import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.results.DataSummary;
import dev.fulcrum.results.StageRecord;
import java.util.List;

/**
 * Validated input rows, read once and shared by every split drawn from them.
 *
 * @param data   the data block as used: for generated data, {@code input} is the generated file
 * @param stages generate (when it ran) and ingest+validate
 */
public record Ingested(DataConfig data, Ingest.Result in, List<StageRecord> stages) {

    public DataSummary summary() {
        return new DataSummary(data.input(), in.counts().total(), in.counts().negatives(), in.counts().positives(),
                in.quarantined(), in.features().size());
    }
}
