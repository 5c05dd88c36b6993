package dev.speechload.core.engine;

/**
 * Watches a running trial from the engine's sampler thread (never from channel threads), e.g. to
 * draw a progress line or write a partial result. Exceptions it throws are logged and ignored:
 * a listener cannot stop a run. Implementations should return quickly.
 */
@FunctionalInterface
public interface RunListener {

    /** Called once per sample interval, in time order, on the sampler thread. */
    void onInterval(RunProgress progress);

    /** A listener that does nothing. */
    static RunListener none() {
        return progress -> {};
    }
}
