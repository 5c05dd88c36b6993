package dev.speechload.server.testing;

import dev.speechload.server.fault.FaultTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link FaultTime} that records every sleep and CPU burn the faults ask for, so tests check
 * the amounts instead of measuring wall-clock time. Sleeps really happen when asked to (so a
 * client sees a held-back result, and a session's own timings include it); CPU is never burnt.
 * Thread-safe.
 */
public final class RecordingFaultTime implements FaultTime {

    private final boolean reallySleep;
    private final List<Long> sleepNanos = new CopyOnWriteArrayList<>();
    private final List<Long> burnNanos = new CopyOnWriteArrayList<>();

    private RecordingFaultTime(boolean reallySleep) {
        this.reallySleep = reallySleep;
    }

    /** Records and returns at once. */
    public static RecordingFaultTime instant() {
        return new RecordingFaultTime(false);
    }

    /** Records, and sleeps for real. */
    public static RecordingFaultTime sleeping() {
        return new RecordingFaultTime(true);
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        sleepNanos.add(nanos);
        if (reallySleep) {
            FaultTime.REAL.sleep(nanos);
        }
    }

    @Override
    public void burnCpu(long nanos) {
        burnNanos.add(nanos);
    }

    /** Every sleep asked for, in nanoseconds, in order. */
    public List<Long> sleeps() {
        return List.copyOf(sleepNanos);
    }

    /** Every CPU burn asked for, in nanoseconds, in order. */
    public List<Long> burns() {
        return List.copyOf(burnNanos);
    }
}
