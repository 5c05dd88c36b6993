package dev.speechload.core.sample;

/**
 * Reads the machine the load generator runs on: CPU time of all processes, steal, CPU pressure and
 * the run queue, from {@code /proc/stat}, {@code /proc/pressure/cpu} and {@code /proc/loadavg}.
 * Made by {@link ResourceProbes#machine()}. Thread-safe; a read is three small file reads (tens of
 * microseconds), meant for the sampler thread.
 */
public interface MachineProbe {

    /** A fresh reading; fields that cannot be read are -1. Never fails. */
    MachineReading read();

    /** Where readings come from, e.g. {@code /proc}. */
    String description();
}
