package dev.speechload.suites.stt;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.target.Shutdown;
import dev.speechload.core.testkit.RecordingIteration;
import dev.speechload.grpc.SttScenario;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The shutdown suite's channel work: even channels run short sessions, odd channels long ones.
 * Each session is classified against the moment of SIGTERM (open at the signal and drained or
 * closed; started after it, once the server has had {@link #SIGNAL_DELIVERY_NANOS} to see the
 * signal, and refused or accepted); a failed session is followed by a 200 ms
 * back-off. The first measured iteration after the server exited records the shutdown figures,
 * once. Thread-safe; one instance per run.
 */
final class ShutdownScenario implements Scenario {

    private static final long BACKOFF_NANOS = 200_000_000L;
    /**
     * Sessions started this soon after SIGTERM was sent may still be accepted: the server has not
     * yet handled a signal that a busy machine delivers late. They are classified as neither.
     */
    static final long SIGNAL_DELIVERY_NANOS = 500_000_000L;

    /** The metrics it records, declared on the {@code LoadContext} before the run. */
    record Metrics(
            LatencyMetric shutdownTime,
            CounterMetric drained,
            CounterMetric closed,
            CounterMetric refused,
            CounterMetric accepted,
            CounterMetric streamsAtSigterm) {}

    private final SttScenario shortSessions;
    private final SttScenario longSessions;
    private final ShutdownWatch watch;
    private final Metrics metrics;
    private final AtomicBoolean reported = new AtomicBoolean();

    ShutdownScenario(SttScenario shortSessions, SttScenario longSessions, ShutdownWatch watch, Metrics metrics) {
        this.shortSessions = shortSessions;
        this.longSessions = longSessions;
        this.watch = watch;
        this.metrics = metrics;
    }

    @Override
    public void setUp(ScenarioContext context) {
        shortSessions.setUp(context);
        longSessions.setUp(context);
    }

    @Override
    public void run(Iteration iteration) throws Exception {
        reportOnce(iteration);
        RecordingIteration outcome = RecordingIteration.forwardingTo(iteration);
        long start = System.nanoTime();
        (iteration.channel() % 2 == 0 ? shortSessions : longSessions).run(outcome);
        long end = System.nanoTime();
        long signal = watch.signalNanos();
        boolean ok = !outcome.failed();
        if (start < signal && end >= signal) {
            iteration.add(ok ? metrics.drained() : metrics.closed(), 1);
        } else if (start >= signal && start - signal >= SIGNAL_DELIVERY_NANOS) {
            iteration.add(ok ? metrics.accepted() : metrics.refused(), 1);
        }
        if (!ok) {
            backOff(iteration.deadlineNanos());
        }
    }

    private void reportOnce(Iteration iteration) {
        Shutdown shutdown = watch.shutdown();
        if (shutdown != null && !iteration.warmup() && reported.compareAndSet(false, true)) {
            iteration.record(metrics.shutdownTime(), shutdown.duration().toNanos());
            iteration.add(metrics.streamsAtSigterm(), Math.max(0, watch.streamsAtSignal()));
        }
    }

    private static void backOff(long deadlineNanos) {
        long until = Math.min(System.nanoTime() + BACKOFF_NANOS, deadlineNanos);
        for (long now = System.nanoTime();
                now < until && !Thread.currentThread().isInterrupted();
                now = System.nanoTime()) {
            LockSupport.parkNanos(until - now);
        }
    }

    @Override
    public void tearDown() {
        try {
            shortSessions.tearDown();
        } finally {
            longSessions.tearDown();
        }
    }
}
