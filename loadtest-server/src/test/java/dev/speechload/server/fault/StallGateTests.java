package dev.speechload.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallGateTests {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final List<Long> sleeps = new ArrayList<>();

    private StallGate gate(long stallMs, long everyMs) {
        return new StallGate(stallMs * MS, everyMs * MS, now::get, sleeps::add);
    }

    @Test
    void staysOpenDuringTheFirstPeriod() throws InterruptedException {
        StallGate gate = gate(200, 1_000);
        now.addAndGet(999 * MS);
        assertThat(gate.awaitOpen()).isZero();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void freezesAtTheStartOfEachPeriodForTheStallLength() throws InterruptedException {
        StallGate gate = gate(200, 1_000);
        now.addAndGet(1_050 * MS);
        assertThat(gate.awaitOpen()).isEqualTo(150 * MS);
        now.addAndGet(1_000 * MS);
        assertThat(gate.awaitOpen()).isEqualTo(150 * MS);
        assertThat(sleeps).containsExactly(150 * MS, 150 * MS);
    }

    @Test
    void opensAfterTheStall() throws InterruptedException {
        StallGate gate = gate(200, 1_000);
        now.addAndGet(1_200 * MS);
        assertThat(gate.awaitOpen()).isZero();
        now.addAndGet(799 * MS);
        assertThat(gate.awaitOpen()).isZero();
    }

    @Test
    void neverFreezesWhenOff() {
        StallGate gate = gate(0, 0);
        for (long t = 0; t < 10_000; t += 7) {
            assertThat(gate.frozenNanosLeft(now.get() + t * MS)).isZero();
        }
    }
}
