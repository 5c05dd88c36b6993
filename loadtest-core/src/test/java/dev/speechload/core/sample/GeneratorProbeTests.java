package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratorProbeTests {

    @Test
    void readsHeapThreadsAndGcOfThisJvm() {
        GeneratorReading before = ResourceProbes.generatorJvm().read();
        {
            System.gc(); // counted by every collector of a JDK 17 JVM unless -XX:+DisableExplicitGC
            GeneratorReading after = ResourceProbes.generatorJvm().read();

            assertThat(before.heapUsedBytes()).isPositive();
            assertThat(after.threadCount()).isPositive();
            assertThat(after.gcCount()).isGreaterThanOrEqualTo(before.gcCount() + 1);
            assertThat(after.gcTimeMillis()).isGreaterThanOrEqualTo(before.gcTimeMillis());
            assertThat(after.cpuTimeNanos())
                    .isGreaterThanOrEqualTo(before.cpuTimeNanos())
                    .isPositive();
            assertThat(after.toSample(1500))
                    .isEqualTo(new dev.speechload.core.result.GeneratorSample(
                            1500, after.heapUsedBytes(), after.gcTimeMillis(), after.threadCount()));
        }
    }
}
