package dev.fulcrum.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class ClassCountsTest {
    private static Dataset<Row> frame(int negatives, int positives) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < negatives + positives; i++) {
            rows.add(RowFactory.create(i < negatives ? 0.0 : 1.0, "r" + i));
        }
        return SparkTestSession.get().createDataFrame(rows,
                new StructType().add("label", DataTypes.DoubleType).add("id", DataTypes.StringType));
    }

    @Test
    void eachFrameCountedInOrderAnEmptyOneAsZero() {
        Dataset<Row> a = frame(7, 2).persist(StorageLevel.MEMORY_ONLY());
        Dataset<Row> empty = frame(3, 1).where("label > 5");
        Dataset<Row> c = frame(0, 4);
        List<ClassCounts> counts = ClassCounts.ofEach(List.of(a, empty, c), "label");
        assertThat(counts).containsExactly(new ClassCounts(7, 2), new ClassCounts(0, 0), new ClassCounts(0, 4));
        // the persisted frame was filled by that one job
        assertThat(SparkTestSession.get().sharedState().cacheManager().lookupCachedData(a).get()
                .cachedRepresentation().cacheBuilder().isCachedColumnBuffersLoaded()).isTrue();
        a.unpersist();
    }
}
