package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FeatureVariationTest {
    private static Dataset<Row> frame(double[][] rows, String... names) {
        StructType schema = new StructType();
        for (String n : names) {
            schema = schema.add(n, DataTypes.DoubleType);
        }
        List<Row> list = java.util.Arrays.stream(rows).map(r -> RowFactory.create(
                java.util.Arrays.stream(r).boxed().toArray())).toList();
        return SparkTestSession.get().createDataFrame(list, schema);
    }

    @Test
    void findsTheConstantColumnsInOrderIncludingNamesSparkWouldParse() {
        Dataset<Row> f = frame(new double[][] {{1, 5, 0}, {2, 5, 0}, {3, 5, -0.0}}, "x.1", "my col", "a-b");
        // -0.0 == 0.0: a column of zeros of either sign does not vary
        assertThat(FeatureVariation.constantColumns(f, List.of("x.1", "my col", "a-b"))).containsExactly("my col", "a-b");
        assertThatCode(() -> FeatureVariation.requireSomeVariation(f, List.of("x.1", "my col", "a-b"), "training split"))
                .as("one varying column is enough; the others only get a warning").doesNotThrowAnyException();
        assertThatThrownBy(() -> FeatureVariation.requireSomeVariation(f, List.of("my col", "a-b"), "training split"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("data.features: no feature varies in the training split (all 2 columns are "
                        + "constant: my col, a-b)");
    }
}
