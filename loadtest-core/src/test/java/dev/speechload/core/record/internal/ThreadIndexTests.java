package dev.speechload.core.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadIndexTests {

    @Test
    void aThreadKeepsItsNumber() {
        ThreadIndex index = new ThreadIndex();

        assertThat(index.current()).isEqualTo(index.current());
    }

    @Test
    void threadsAliveTogetherHaveDifferentNumbers() throws Exception {
        ThreadIndex index = new ThreadIndex();
        int n = 40; // more than the first table holds, so it grows while all are alive
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch allNumbered = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(new Thread(() -> {
                seen.add(index.current());
                allNumbered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        allNumbered.await();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(seen).hasSize(n);
    }

    @Test
    void numbersOfEndedThreadsAreReused() throws Exception {
        ThreadIndex index = new ThreadIndex();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int[] got = new int[1];
            Thread t = new Thread(() -> got[0] = index.current());
            t.start();
            t.join();
            seen.add(got[0]);
        }

        assertThat(index.capacityUsed()).isLessThanOrEqualTo(16);
        assertThat(seen).allMatch(i -> i >= 0 && i < 16);
    }
}
