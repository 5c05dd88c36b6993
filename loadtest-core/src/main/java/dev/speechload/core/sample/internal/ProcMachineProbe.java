package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.MachineProbe;
import dev.speechload.core.sample.MachineReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc/stat}, {@code /proc/pressure/cpu} and {@code /proc/loadavg}. Immutable;
 * thread-safe. A missing or unreadable file gives -1 fields, never an exception.
 */
public final class ProcMachineProbe implements MachineProbe {

    /** Reads the real {@code /proc}. */
    public static final ProcMachineProbe INSTANCE = new ProcMachineProbe(Path.of("/proc"));

    private final Path proc;

    /** Reads a {@code /proc}-shaped directory (tests use a fake one). */
    public ProcMachineProbe(Path proc) {
        this.proc = proc;
    }

    @Override
    public MachineReading read() {
        ProcMachineText.Stat stat = ProcMachineText.parseStat(text(proc.resolve("stat")));
        long pressure = ProcMachineText.parsePressureSomeMicros(
                text(proc.resolve("pressure").resolve("cpu")));
        ProcMachineText.LoadAvg load = ProcMachineText.parseLoadAvg(text(proc.resolve("loadavg")));
        long runnable = stat.procsRunning() >= 0 ? stat.procsRunning() : load.running();
        return new MachineReading(
                stat.cpus(),
                nanos(stat.busyTicks()),
                nanos(stat.totalTicks()),
                nanos(stat.stealTicks()),
                pressure,
                runnable,
                load.load1m());
    }

    private static long nanos(long ticks) {
        return ticks < 0 ? -1 : ticks * ProcMachineText.NANOS_PER_TICK;
    }

    /** The file's text, or null when it cannot be read. */
    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String description() {
        return proc.toString();
    }

    @Override
    public String toString() {
        return "machine:" + proc;
    }
}
