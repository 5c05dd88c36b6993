package dev.speechload.server.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the server is draining (shutting down): once set it stays set. Health checks answer
 * 503 and new streams are refused while draining. Thread-safe.
 */
public final class DrainState {

    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * Starts draining.
     *
     * @return true for the first call only
     */
    public boolean begin() {
        return draining.compareAndSet(false, true);
    }

    /** True once {@link #begin()} was called. */
    public boolean isDraining() {
        return draining.get();
    }
}
