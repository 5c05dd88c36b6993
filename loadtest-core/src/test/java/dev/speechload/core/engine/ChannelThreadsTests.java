package dev.speechload.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A blocking scenario's channels on virtual threads (Java 21+; .ci/run runs this on Temurin 25 too). */
@DisplayName("Channel threads: platform or virtual")
class ChannelThreadsTests {

    @Test
    void blockingChannelsRunOnVirtualThreadsWhereTheJvmHasThem() throws Exception {
        assumeTrue(
                ChannelThreads.virtualAvailable(), "virtual threads need Java 21+; this JVM is " + Runtime.version());
        int channels = 3000;
        Set<Object> virtual = ConcurrentHashMap.newKeySet();
        Scenario sleeping = it -> {
            // Thread.isVirtual() is Java 21 API; this module compiles for 17.
            virtual.add(Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            Thread.sleep(200);
        };
        TrialData run = new LoadRunner(LoadPlan.closed(channels).withIterations(2))
                .withChannelThreads(ChannelThreads.VIRTUAL)
                .run(sleeping, 0);

        assertThat(run.completedIterations()).isEqualTo(2L * channels);
        assertThat(run.peakActiveChannels()).isEqualTo(channels);
        assertThat(run.failedIterations()).isZero();
        assertThat(virtual).containsExactly(true);
    }

    @Test
    void askingForVirtualThreadsBeforeJava21SaysWhatToDo() {
        assumeFalse(ChannelThreads.virtualAvailable(), "this JVM has virtual threads");
        assertThatThrownBy(() -> new LoadRunner(LoadPlan.closed(1)).withChannelThreads(ChannelThreads.VIRTUAL))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("need Java 21 or later")
                .hasMessageContaining("platform threads");
    }

    @Test
    void platformThreadsRemainTheDefault() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        TrialData run = new LoadRunner(LoadPlan.closed(2).withDuration(Duration.ofMillis(200)))
                .run(
                        it -> {
                            names.add(Thread.currentThread().getName());
                            Thread.sleep(5);
                        },
                        0);
        assertThat(run.completedIterations()).isPositive();
        assertThat(names).allMatch(n -> n.startsWith("speechload-t0-ch-"));
    }
}
