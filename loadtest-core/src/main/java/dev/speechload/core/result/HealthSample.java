package dev.speechload.core.result;

/**
 * The measurement's health over one sample interval (aligned with {@link IntervalSample}). Shares
 * are of the interval's wall time times the machine's cores (0..1); -1 where a figure could not be
 * read (no {@code /proc/pressure}, no reading of the target's CPU, ...).
 *
 * @param generatorCpuShare    CPU time of the generator JVM / (interval x cores)
 * @param otherCpuShare        CPU time of everything else on the machine (all busy CPU time minus
 *                             the generator's and the target's) / (interval x cores)
 * @param cpuPressureShare     share of the interval in which some runnable task waited for a CPU
 *                             ({@code /proc/pressure/cpu}, "some")
 * @param stealShare           CPU time stolen by the hypervisor / (interval x cores)
 * @param runQueuePerCore      runnable tasks ({@code /proc/stat procs_running}) per core, at the
 *                             interval's end
 * @param gcPauseMillis        time the generator JVM spent in garbage collection in the interval
 * @param generatorLagP99Nanos highest interval p99 of the generator's own lag metrics
 *                             ({@code generator.*}), -1 when none recorded a value
 * @param missedArrivals       open model: arrivals that could not start in the interval, else 0
 * @param idleShare            CPU time nobody used (idle + iowait) / (interval x cores): whether
 *                             other processes' work took CPU the load needed or only CPU that was
 *                             free anyway
 */
public record HealthSample(
        long offsetMillis,
        boolean warmup,
        double generatorCpuShare,
        double otherCpuShare,
        double cpuPressureShare,
        double stealShare,
        double runQueuePerCore,
        long gcPauseMillis,
        long generatorLagP99Nanos,
        long missedArrivals,
        double idleShare) {}
