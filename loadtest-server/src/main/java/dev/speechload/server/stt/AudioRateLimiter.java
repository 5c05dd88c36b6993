package dev.speechload.server.stt;

import java.time.Duration;

/**
 * Limits one stream's audio to {@code factor} x real time, measured over a short window: a
 * token bucket whose tokens are nanoseconds of audio. It refills at {@code factor} audio
 * seconds per wall second and holds at most {@code factor x window}, so a stream may burst a
 * window's worth of audio at once but not keep sending faster than the factor.
 *
 * <p>Time the server itself held the stream back (flow control under buffer pressure) is
 * credited with {@link #credit}: the client may have queued audio meanwhile, and it must not be
 * blamed for the burst in which the server then reads it.
 *
 * <p>Not thread-safe: one per stream, called under the stream's lock.
 */
public final class AudioRateLimiter {

    private final double factor;
    private final double capacityNanos;
    private double tokensNanos;
    private double creditNanos;
    private long lastNanos;

    /**
     * @param factor allowed audio seconds per wall second; 0 or less disables the limit
     * @param window the burst window, positive
     * @param nowNanos the current {@link System#nanoTime()}
     */
    public AudioRateLimiter(double factor, Duration window, long nowNanos) {
        this.factor = factor;
        this.capacityNanos = factor * window.toNanos();
        this.tokensNanos = capacityNanos;
        this.lastNanos = nowNanos;
    }

    /** True when the limit is on. */
    public boolean enabled() {
        return factor > 0;
    }

    /**
     * Takes {@code audioNanos} of audio arriving at {@code nowNanos}.
     *
     * @return true when within the limit; false when the stream is too fast
     */
    public boolean tryAcquire(long audioNanos, long nowNanos) {
        if (!enabled()) {
            return true;
        }
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        tokensNanos = Math.min(capacityNanos, tokensNanos + elapsed * factor);
        if (audioNanos > tokensNanos + creditNanos) {
            return false;
        }
        double fromCredit = Math.min(creditNanos, audioNanos);
        creditNanos -= fromCredit;
        tokensNanos -= audioNanos - fromCredit;
        return true;
    }

    /**
     * Allows the audio a client could have sent at the limit while the server did not read its
     * stream: {@code heldBackNanos x factor} audio nanoseconds on top of the burst window, spent
     * before the window's tokens and kept until spent.
     *
     * @param heldBackNanos wall time the server held the stream back, &gt;= 0 (less counts as 0)
     */
    public void credit(long heldBackNanos) {
        if (enabled() && heldBackNanos > 0) {
            creditNanos += heldBackNanos * factor;
        }
    }
}
