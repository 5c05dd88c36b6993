package dev.speechload.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashTriggerTests {

    @Test
    void halts137OnTheRequestAfterTheLimit() {
        List<Integer> halts = new ArrayList<>();
        CrashTrigger trigger = new CrashTrigger(3, halts::add);
        trigger.onRequest();
        trigger.onRequest();
        trigger.onRequest();
        assertThat(halts).isEmpty();
        trigger.onRequest();
        assertThat(halts).containsExactly(137);
    }

    @Test
    void neverHaltsWhenOff() {
        List<Integer> halts = new ArrayList<>();
        CrashTrigger trigger = new CrashTrigger(0, halts::add);
        for (int i = 0; i < 1000; i++) {
            trigger.onRequest();
        }
        assertThat(halts).isEmpty();
    }
}
