package dev.speechload.server.fault;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of one server, as configured by {@link FaultSettings}. The STT service and the
 * TTS hooks call it at four points: when a request is accepted, before a decode or chunk
 * starts, before a result or chunk is emitted, and for every message of a stream (an audio
 * chunk received, a TTS event written). With {@link FaultSettings#none()} every call returns at
 * once. Thread-safe.
 */
public final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final FaultSettings settings;
    private final MemoryLeak memoryLeak;
    private final DescriptorLeak descriptorLeak;
    private final CrashTrigger crash;
    private final StallGate stall;
    private final FaultTime time;

    /**
     * @param settings the faults to inject
     * @param halt stops the process for the crash fault ({@code Runtime.getRuntime()::halt})
     */
    public Faults(FaultSettings settings, IntConsumer halt) {
        this(settings, halt, FaultTime.REAL);
    }

    /**
     * @param settings the faults to inject
     * @param halt stops the process for the crash fault ({@code Runtime.getRuntime()::halt})
     * @param time how the latency and CPU-cost faults spend their time ({@link FaultTime#REAL}
     *     but in tests)
     */
    public Faults(FaultSettings settings, IntConsumer halt, FaultTime time) {
        this.settings = settings;
        this.time = time;
        this.memoryLeak = new MemoryLeak(settings.leakBytesPerRequest());
        this.descriptorLeak = new DescriptorLeak(settings.fdLeakEvery());
        this.crash = new CrashTrigger(settings.crashAfter(), halt);
        this.stall = new StallGate(settings.stallMs(), settings.stallEveryMs());
    }

    /** Faults that do nothing. */
    public static Faults none() {
        return new Faults(FaultSettings.none(), status -> {
            throw new IllegalStateException("crash fault is off");
        });
    }

    /** The settings in force. */
    public FaultSettings settings() {
        return settings;
    }

    /**
     * Called once per accepted request (STT session or TTS request): may crash the process,
     * leak memory and leak a descriptor.
     */
    public void onRequest() {
        crash.onRequest();
        memoryLeak.leak();
        descriptorLeak.onRequest();
    }

    /**
     * Called before a decode or a TTS chunk starts: blocks while a stall is in progress.
     *
     * @throws InterruptedException when interrupted while stalled
     */
    public void beforeWork() throws InterruptedException {
        long stalledNanos = stall.awaitOpen();
        if (stalledNanos > 0 && LOG.isDebugEnabled()) {
            LOG.debug("fault: stalled {} ms", stalledNanos / 1_000_000);
        }
    }

    /**
     * Called before a result or chunk is emitted, after the engine produced it: sleeps the fixed
     * extra latency plus {@code latencyFactor - 1} times {@code workNanos}
     * ({@link FaultSettings#emitDelayNanos}).
     *
     * @param workNanos how long the engine took to produce this result or chunk
     * @throws InterruptedException when interrupted while sleeping
     */
    public void beforeEmit(long workNanos) throws InterruptedException {
        long delayNanos = settings.emitDelayNanos(workNanos);
        if (delayNanos > 0) {
            time.sleep(delayNanos);
        }
    }

    /**
     * Called for every message of a stream: each audio chunk an STT session receives and each
     * event a TTS stream writes. Burns the CPU-cost fault's CPU time on the calling thread.
     *
     * @throws InterruptedException when interrupted while burning
     */
    public void onMessage() throws InterruptedException {
        long cpuNanos = settings.chunkCpuNanos();
        if (cpuNanos > 0) {
            time.burnCpu(cpuNanos);
        }
    }

    /** Bytes leaked so far. */
    public long leakedBytes() {
        return memoryLeak.leakedBytes();
    }

    /** Descriptors leaked so far. */
    public int leakedDescriptors() {
        return descriptorLeak.leakedCount();
    }
}
