package dev.speechload.server.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Which faults to inject. Zero (1.0 for the factor) turns a fault off; {@link #none()} turns all
 * off. Checked when built, so no invalid instance exists.
 *
 * @param latencyMs extra delay before each STT result and each TTS chunk, in ms, &gt;= 0
 * @param leakBytesPerRequest bytes retained forever per request (STT session or TTS request),
 *     &gt;= 0
 * @param fdLeakEvery one file descriptor is left open every this many requests, &gt;= 0
 * @param stallMs length of each stall in ms, &gt;= 0; needs {@code stallEveryMs}
 * @param stallEveryMs period of the stalls in ms, &gt; {@code stallMs} when stalls are on
 * @param crashAfter the process halts (exit status 137) when request number
 *     {@code crashAfter + 1} arrives, so exactly this many requests are accepted; &gt;= 0
 * @param latencyFactor each STT result and TTS chunk is held back for {@code latencyFactor - 1}
 *     times the time the engine took to produce it, so the server's own processing time is
 *     multiplied by it; finite, &gt;= 1.0 (1.0 = off)
 * @param chunkCpuMicros CPU time, in microseconds, burnt for every audio chunk an STT session
 *     receives and every TTS event written, &gt;= 0
 */
public record FaultSettings(
        long latencyMs,
        long leakBytesPerRequest,
        int fdLeakEvery,
        long stallMs,
        long stallEveryMs,
        long crashAfter,
        double latencyFactor,
        long chunkCpuMicros) {

    /** The factor that adds no latency. */
    public static final double NO_LATENCY_FACTOR = 1.0;

    /** Checks every component and reports all bad ones together. */
    public FaultSettings {
        List<String> problems = new ArrayList<>();
        if (latencyMs < 0) {
            problems.add("'--fault-latency-ms' must be >= 0, was " + latencyMs);
        }
        if (leakBytesPerRequest < 0) {
            problems.add("'--fault-leak-bytes-per-request' must be >= 0, was " + leakBytesPerRequest);
        }
        if (fdLeakEvery < 0) {
            problems.add("'--fault-fd-leak-every' must be >= 0, was " + fdLeakEvery);
        }
        if (stallMs < 0 || stallEveryMs < 0) {
            problems.add("'--fault-stall-ms' and '--fault-stall-every-ms' must be >= 0, were " + stallMs + " and "
                    + stallEveryMs);
        } else if (stallMs > 0 && stallEveryMs <= stallMs) {
            problems.add("'--fault-stall-every-ms' must be greater than '--fault-stall-ms' (" + stallMs + "), was "
                    + stallEveryMs);
        }
        if (crashAfter < 0) {
            problems.add("'--fault-crash-after' must be >= 0, was " + crashAfter);
        }
        // The negated test also catches NaN, which compares false with everything.
        if (!(latencyFactor >= NO_LATENCY_FACTOR) || Double.isInfinite(latencyFactor)) {
            problems.add("'--fault-latency-factor' must be a finite number >= 1.0 (1.0 = off, 1.1 ="
                    + " 10 % slower), was " + latencyFactor);
        }
        if (chunkCpuMicros < 0) {
            problems.add("'--fault-chunk-cpu-us' must be >= 0, was " + chunkCpuMicros);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** No fault at all. */
    public static FaultSettings none() {
        return new FaultSettings(0, 0, 0, 0, 0, 0, NO_LATENCY_FACTOR, 0);
    }

    /** True when stalls are on. */
    public boolean stallsEnabled() {
        return stallMs > 0;
    }

    /**
     * How long to hold back a result or TTS chunk whose engine work took {@code workNanos}: the
     * fixed {@code latencyMs} plus {@code (latencyFactor - 1) x workNanos}, in nanoseconds; 0 when
     * both latency faults are off. A negative {@code workNanos} counts as 0.
     */
    public long emitDelayNanos(long workNanos) {
        double stretchNanos = (latencyFactor - NO_LATENCY_FACTOR) * Math.max(0, workNanos);
        // The cast saturates at Long.MAX_VALUE instead of overflowing.
        return (long) (latencyMs * 1_000_000.0 + stretchNanos);
    }

    /** CPU to burn per STT audio chunk received and per TTS event written, in nanoseconds. */
    public long chunkCpuNanos() {
        return chunkCpuMicros > Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : chunkCpuMicros * 1_000;
    }

    /** Names of the faults that are on, for the startup log; empty when none. */
    public List<String> enabledNames() {
        List<String> names = new ArrayList<>();
        if (latencyMs > 0) {
            names.add("latency=" + latencyMs + "ms");
        }
        if (latencyFactor > NO_LATENCY_FACTOR) {
            names.add("latency-factor=" + latencyFactor);
        }
        if (chunkCpuMicros > 0) {
            names.add("chunk-cpu=" + chunkCpuMicros + "us");
        }
        if (leakBytesPerRequest > 0) {
            names.add("leak=" + leakBytesPerRequest + "B/request");
        }
        if (fdLeakEvery > 0) {
            names.add("fd-leak-every=" + fdLeakEvery);
        }
        if (stallsEnabled()) {
            names.add("stall=" + stallMs + "ms/" + stallEveryMs + "ms");
        }
        if (crashAfter > 0) {
            names.add("crash-after=" + crashAfter);
        }
        return names;
    }
}
