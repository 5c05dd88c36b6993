package dev.speechload.core.compare;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.core.target.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before a trial of an A/B comparison, until neither server uses more than
 * {@link #IDLE_SHARE} of a core: a JVM keeps compiling and collecting for a moment after its load
 * ends, and that work would land on the other server's trial. Bounded by {@link #LIMIT_MILLIS};
 * servers whose CPU time cannot be read are given one window. Stateless.
 */
final class Settle {

    /** Share of one core a server may use and still count as idle. */
    static final double IDLE_SHARE = 0.05;

    static final long WINDOW_MILLIS = 250;
    static final long LIMIT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(Settle.class);

    private Settle() {}

    /** Returns once every target is idle, or after {@link #LIMIT_MILLIS} (saying so in the log). */
    static void untilIdle(Target... targets) throws InterruptedException {
        List<ResourceProbe> probes = new ArrayList<>();
        for (Target t : targets) {
            t.resourceProbe().ifPresent(probes::add);
        }
        long[] before = cpu(probes);
        long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
        while (true) {
            long start = System.nanoTime();
            Thread.sleep(WINDOW_MILLIS);
            long[] after = cpu(probes);
            double window = System.nanoTime() - start;
            Optional<Double> busiest = busiest(before, after, window);
            if (busiest.isEmpty() || busiest.get() <= IDLE_SHARE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "A/B: a server still used {} % of a core after {} ms of waiting; the next trial starts anyway",
                        Math.round(busiest.get() * 100), LIMIT_MILLIS);
                return;
            }
            before = after;
        }
    }

    /** The highest share of a core any server used over the window; empty when none could be read. */
    private static Optional<Double> busiest(long[] before, long[] after, double windowNanos) {
        Double max = null;
        for (int i = 0; i < before.length; i++) {
            if (before[i] >= 0 && after[i] >= before[i]) {
                double share = (after[i] - before[i]) / windowNanos;
                max = max == null ? share : Math.max(max, share);
            }
        }
        return Optional.ofNullable(max);
    }

    private static long[] cpu(List<ResourceProbe> probes) {
        long[] out = new long[probes.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                ResourceReading r = probes.get(i).read();
                out[i] = r.cpuTimeNanos();
            } catch (IOException | RuntimeException e) {
                out[i] = -1;
            }
        }
        return out;
    }
}
