package dev.fulcrum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class StackSmokeTest {
    @Test
    void sparkAndNd4jLoadInOneJvm() {
        long n = SparkTestSession.get().range(10).count();
        assertThat(n).isEqualTo(10);
        assertThat(Nd4j.create(new double[] {1, 2, 3}).sumNumber().doubleValue()).isEqualTo(6.0);
    }
}
