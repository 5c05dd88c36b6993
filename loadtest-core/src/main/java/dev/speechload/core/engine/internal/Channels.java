package dev.speechload.core.engine.internal;

/**
 * How a trial's channels run: on threads of their own ({@link ThreadChannels}, for blocking
 * scenarios) or on a few scheduler threads ({@link AsyncChannels}, for asynchronous ones). The
 * controller calls these in order: prepare, (fix the start), release, await the end, stop.
 */
interface Channels {

    /**
     * Gets every channel planned to start within {@code spanNanos} of the start ready, and returns
     * once they are. Nothing runs before {@link #release()}.
     */
    void prepare(long spanNanos) throws InterruptedException;

    /** The timeline's start is fixed: every channel starts at its planned time from now on. */
    void release();

    /** The timeline is stopping (the target died): wake whatever waits for a planned time. */
    void wake();

    /** Waits until every channel ended, the deadline passed, or the target died. */
    void awaitEnd() throws InterruptedException;

    /**
     * Starts no more iterations; running ones may end until {@code graceEndNanos}, then they are cut
     * (counted in the tally, not as errors). Returns when every iteration ended or was given up on.
     *
     * @param graceNanos how long to wait for cut iterations to end, at least
     */
    void stop(long graceEndNanos, long graceNanos);
}
