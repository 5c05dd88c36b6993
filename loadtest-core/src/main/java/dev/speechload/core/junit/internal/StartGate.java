package dev.speechload.core.junit.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code loadtest.startAt} for one test run (kept in the root store): the first load test claims
 * it and starts its ramp then; the tests after it start when the one before ends, as they would
 * without the setting (their shards drift apart by what set-up and grace take, which the merged
 * result shows as the shards' start spread).
 */
final class StartGate {

    private final AtomicReference<Instant> startAt;

    StartGate(Instant startAt) {
        this.startAt = new AtomicReference<>(startAt);
    }

    /** The start instant the first time, null after (and when none was set). */
    Instant claim() {
        return startAt.getAndSet(null);
    }
}
