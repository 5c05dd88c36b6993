package dev.speechload.core.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTests {

    private static final long MS = 1_000_000L;

    @Test
    void intervalHoldsTheValuesSinceTheLastSampleAndTotalHoldsThemAll() {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        r.record(2 * MS);
        r.record(3 * MS);

        assertThat(r.sampleInterval().getTotalCount()).isEqualTo(2);
        r.record(5 * MS);
        Histogram second = r.sampleInterval();

        assertThat(second.getTotalCount()).isEqualTo(1);
        assertThat(second.getValueAtPercentile(100)).isEqualTo(second.highestEquivalentValue(5 * MS));
        assertThat(r.total().getTotalCount()).isEqualTo(3);
        assertThat(r.sampleInterval().getTotalCount()).isZero();
    }

    @Test
    void copyOfTotalDoesNotChangeWithLaterSamples() {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        r.record(MS);
        r.sampleInterval();
        Histogram copy = r.copyOfTotal();
        r.record(MS);
        r.sampleInterval();

        assertThat(copy.getTotalCount()).isEqualTo(1);
        assertThat(r.total().getTotalCount()).isEqualTo(2);
    }

    @Test
    void valuesAboveTheRangeAreClampedAndCountedAndNegativesRecordAsZero() {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        r.record(LatencyRecorder.HIGHEST_TRACKABLE_NANOS + 1);
        r.record(Long.MAX_VALUE);
        r.record(-7);
        Histogram h = r.sampleInterval();

        assertThat(r.clampedCount()).isEqualTo(2);
        assertThat(h.getTotalCount()).isEqualTo(3);
        assertThat(h.getMinValue()).isZero();
        assertThat(h.getMaxValue()).isEqualTo(h.highestEquivalentValue(LatencyRecorder.HIGHEST_TRACKABLE_NANOS));
    }

    @Test
    void expectedIntervalAddsTheValuesAStalledCallerMissed() {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        r.recordWithExpectedInterval(10 * MS, MS); // 10, 9, ..., 1 ms
        r.recordWithExpectedInterval(MS / 2, MS); // not stalled: itself only
        r.recordWithExpectedInterval(10 * MS, 0); // no interval: itself only
        r.recordWithExpectedInterval(
                LatencyRecorder.HIGHEST_TRACKABLE_NANOS * 2, LatencyRecorder.HIGHEST_TRACKABLE_NANOS / 2);

        assertThat(r.sampleInterval().getTotalCount()).isEqualTo(10 + 1 + 1 + 2);
        assertThat(r.clampedCount()).isEqualTo(1);
    }

    @Test
    void manyValuesWithoutASampleAreAllKept() {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        int n = SingleWriterRing.CAPACITY * 50 + 7;
        for (int i = 0; i < n; i++) {
            r.record((i % 100 + 1) * MS);
        }

        Histogram h = r.sampleInterval();
        assertThat(h.getTotalCount()).isEqualTo(n);
        assertThat(h.getCountAtValue(100 * MS)).isEqualTo(n / 100);
    }

    @Test
    void concurrentWritersAndASamplerCountEveryValueExactlyOnce() throws Exception {
        LatencyRecorder r = new LatencyRecorder("x", "d");
        int writers = 6;
        int perWriter = 200_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong sampledCount = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread sampler = new Thread(() -> {
            while (writing.get()) {
                sampledCount.addAndGet(r.sampleInterval().getTotalCount());
                Thread.yield();
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            long value = (t + 1) * MS; // one bucket per writer, to check whose values arrived
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perWriter; i++) {
                    r.record(value);
                }
            }));
        }
        threads.forEach(Thread::start);
        sampler.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        writing.set(false);
        sampler.join();
        // The writers have ended: the last sample must still find what their buffers hold.
        sampledCount.addAndGet(r.sampleInterval().getTotalCount());

        assertThat(sampledCount.get()).isEqualTo((long) writers * perWriter);
        assertThat(r.total().getTotalCount()).isEqualTo((long) writers * perWriter);
        for (int t = 0; t < writers; t++) {
            assertThat(r.total().getCountAtValue((t + 1) * MS))
                    .as("writer %d", t)
                    .isEqualTo(perWriter);
        }
    }

    @Test
    void threadsThatEndedLeaveTheirValuesAndHandTheirBuffersOn() throws Exception {
        ThreadIndex index = new ThreadIndex();
        LatencyRecorder r = new LatencyRecorder("x", "d", index);
        int threads = 200;
        int perThread = SingleWriterRing.CAPACITY + 3; // leaves values in the ring when the thread ends
        long sampled = 0;
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    r.record(MS);
                }
            });
            thread.start();
            thread.join();
            if (t % 37 == 0) {
                sampled += r.sampleInterval().getTotalCount();
            }
        }
        sampled += r.sampleInterval().getTotalCount();

        assertThat(sampled).isEqualTo((long) threads * perThread);
        // One at a time, 200 threads: the numbers (and buffers) of ended threads were reused.
        assertThat(r.writerCount()).isLessThanOrEqualTo(16);
        assertThat(index.capacityUsed()).isLessThanOrEqualTo(16);
    }

    @Test
    void threadsThatEndWhileOthersRecordAndSampleLoseNothing() throws Exception {
        ThreadIndex index = new ThreadIndex();
        LatencyRecorder r = new LatencyRecorder("x", "d", index);
        int waves = 20;
        int perWave = 8;
        int perThread = 10_000;
        long sampled = 0;
        for (int w = 0; w < waves; w++) {
            List<Thread> wave = new ArrayList<>();
            for (int t = 0; t < perWave; t++) {
                wave.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        r.record((i % 1000 + 1) * 1_000L);
                    }
                }));
            }
            wave.forEach(Thread::start);
            sampled += r.sampleInterval().getTotalCount();
            for (Thread t : wave) {
                t.join();
            }
        }
        sampled += r.sampleInterval().getTotalCount();

        assertThat(sampled).isEqualTo((long) waves * perWave * perThread);
        assertThat(r.total().getTotalCount()).isEqualTo(sampled);
        assertThat(r.writerCount()).isLessThanOrEqualTo(16);
    }

    @Test
    void manyLiveThreadsFirstRecordingWhileSampledEachGetAWriterAndLoseNothing() throws Exception {
        // Their own index, so numbers are handed out from 0 and each new thread fills an empty slot.
        LatencyRecorder r = new LatencyRecorder("x", "d", new ThreadIndex());
        int threads = 300;
        CountDownLatch recorded = new CountDownLatch(threads);
        CountDownLatch end = new CountDownLatch(1);
        Runnable recordThenStayAlive = () -> {
            r.record(MS);
            r.record(2 * MS);
            recorded.countDown();
            awaitQuietly(end); // alive: no later thread takes over its number
        };
        List<Thread> live = new ArrayList<>();
        long sampled = 0;
        for (int t = 0; t < threads; t++) {
            live.add(new Thread(recordThenStayAlive));
            live.get(t).start();
            if (t % 7 == 0) {
                sampled += r.sampleInterval().getTotalCount();
            }
        }
        recorded.await();
        sampled += r.sampleInterval().getTotalCount();
        end.countDown();
        for (Thread t : live) {
            t.join();
        }

        assertThat(sampled).isEqualTo(2L * threads);
        assertThat(r.writerCount()).isEqualTo(threads);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
