package dev.speechload.core.engine.internal;

import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.core.target.Liveness;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of the target's resources (memory, threads, fds, CPU) through its probe, counted: how many
 * were tried and how many failed while the target was alive (a probe that never succeeds is loud).
 * Reads of a target that died, or that the test stopped itself, are expected to fail and are not
 * counted. Called by the sampler thread, and by the trial's thread before and after the load.
 */
final class TargetReads {

    private static final Logger LOG = LoggerFactory.getLogger(TargetReads.class);

    private final ResourceProbe probe;
    private final Liveness liveness;
    private final Timeline timeline;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String firstFailure;
    private volatile boolean warned;

    /** @param probe null when the target offers no way to read it */
    TargetReads(ResourceProbe probe, Liveness liveness, Timeline timeline) {
        this.probe = probe;
        this.liveness = liveness;
        this.timeline = timeline;
    }

    boolean present() {
        return probe != null;
    }

    /** True when the target runs on this machine (its CPU is part of this machine's busy time). */
    boolean onThisMachine() {
        return probe != null && probe.onThisMachine();
    }

    String description() {
        return probe == null ? null : probe.description();
    }

    /** A sample tagged with its phase ("before", "load", "after"); null without a probe. */
    ResourceSample sample(String phase, long offsetMillis) {
        ResourceReading r = read();
        return r == null ? null : r.toSample(offsetMillis, phase);
    }

    /** A reading of the target, UNKNOWN when it fails; null without a probe. */
    ResourceReading read() {
        if (probe == null) {
            return null;
        }
        boolean alive = timeline.death() == null && (liveness == null || !liveness.stoppedOnPurpose());
        try {
            ResourceReading r = probe.read();
            if (alive) {
                reads.incrementAndGet();
            }
            return r == null ? ResourceReading.UNKNOWN : r;
        } catch (Exception e) {
            if (alive) {
                reads.incrementAndGet();
                failures.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = e.getMessage() == null ? e.toString() : e.getMessage();
                }
                if (!warned) {
                    warned = true;
                    LOG.warn(
                            "Reading the server's resources from {} failed ({}); recording -1 and going on",
                            probe.description(),
                            e.toString());
                }
            }
            return ResourceReading.UNKNOWN;
        }
    }

    /** The reads so far; null without a probe. */
    ProbeReads counts() {
        return probe == null ? null : new ProbeReads(reads.get(), failures.get(), firstFailure);
    }
}
