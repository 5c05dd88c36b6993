package dev.speechload.core.result;

/**
 * The health figures of a trial or a run, over its measured intervals (warm-up excluded): shares
 * are means of the intervals' shares (0..1); -1 where a figure could not be read.
 *
 * @param generatorCpuShare    CPU time of the generator JVM / (time x cores)
 * @param otherCpuShare        CPU time of other processes (not the generator, not the target)
 * @param cpuPressureShare     time in which some task waited for a CPU ({@code /proc/pressure/cpu})
 * @param stealShare           CPU time stolen by the hypervisor
 * @param runQueuePerCore      mean runnable tasks per core
 * @param gcPauseShare         the generator JVM's garbage-collection time / wall time
 * @param generatorLagP99Nanos p99 of the generator's own lag ({@code generator.*} metrics, such as
 *                             the scheduling lag and the gRPC send lag); -1 when none recorded
 * @param missedArrivalRatio   open model: missed / planned arrivals; 0 in the closed model
 * @param idleShare            CPU time nobody used (idle + iowait); -1 where not read
 */
public record HealthFigures(
        double generatorCpuShare,
        double otherCpuShare,
        double cpuPressureShare,
        double stealShare,
        double runQueuePerCore,
        double gcPauseShare,
        long generatorLagP99Nanos,
        double missedArrivalRatio,
        double idleShare) {}
