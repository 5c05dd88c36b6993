package dev.speechload.core.sample;

/**
 * One reading of the whole machine the load generator runs on, so a busy machine can be told from
 * a slow server. Counters are cumulative since boot: the engine subtracts two readings. -1 where a
 * figure could not be read (not Linux, no {@code /proc/pressure}, ...). Immutable.
 *
 * @param cpus                  logical CPUs the kernel accounts for ({@code cpuN} lines of
 *                              {@code /proc/stat}), or -1
 * @param busyCpuNanos          CPU time spent working, all CPUs: user + nice + system + irq +
 *                              softirq of {@code /proc/stat}'s {@code cpu} line, or -1
 * @param totalCpuNanos         all accounted CPU time: busy + idle + iowait + steal, or -1; its
 *                              growth is (wall time x cpus)
 * @param stealCpuNanos         CPU time the hypervisor gave to other guests, or -1
 * @param cpuPressureSomeMicros time in which at least one runnable task waited for a CPU
 *                              ({@code /proc/pressure/cpu}, "some ... total="), microseconds of
 *                              wall time, or -1 where the kernel has no PSI
 * @param runnableTasks         tasks running or ready to run now ({@code /proc/stat procs_running},
 *                              else the running count of {@code /proc/loadavg}), or -1
 * @param loadAverage1m         the one-minute load average ({@code /proc/loadavg}), or -1
 */
public record MachineReading(
        int cpus,
        long busyCpuNanos,
        long totalCpuNanos,
        long stealCpuNanos,
        long cpuPressureSomeMicros,
        long runnableTasks,
        double loadAverage1m) {

    /** Nothing could be read. */
    public static final MachineReading UNKNOWN = new MachineReading(-1, -1, -1, -1, -1, -1, -1);

    /** True when the CPU time counters were read. */
    public boolean cpuKnown() {
        return busyCpuNanos >= 0 && totalCpuNanos > 0;
    }
}
