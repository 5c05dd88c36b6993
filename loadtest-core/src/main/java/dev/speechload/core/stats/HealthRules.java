package dev.speechload.core.stats;

/**
 * The limits that turn measured health figures into HEALTHY / DEGRADED / COMPROMISED. Each figure
 * has a DEGRADED limit (timings are still judged, but a timing FAIL is not trusted) and a
 * COMPROMISED limit (timings are not judged at all); a figure strictly above a limit fires it.
 * Shares are fractions (0.08 = 8 %). Immutable. See {@code docs/engine.md}, "Measurement health",
 * for why each rule exists and what to do when it fires.
 *
 * <p>The defaults are the starting limits of the design; they are checked against real runs
 * (quiet and with a CPU hog) in {@code docs/engine.md}.
 *
 * @param otherCpuDegraded          other processes' share of the machine's CPU time; foreign
 *                                  work only: what the generator and the target use is part of
 *                                  the measured conditions, not a reason
 * @param otherCpuCompromised       ditto, COMPROMISED
 * @param stealDegraded             CPU time stolen by the hypervisor
 * @param stealCompromised          ditto, COMPROMISED
 * @param cpuPressureDegraded       PSI "some" share of wall time; used only when other processes'
 *                                  CPU is unknown (the target's CPU could not be read), because it
 *                                  counts the generator's and the target's own waiting too
 * @param cpuPressureCompromised    ditto, COMPROMISED
 * @param runQueueDegraded          runnable tasks per core; used only when other processes' CPU
 *                                  and PSI are both unknown
 * @param runQueueCompromised       ditto, COMPROMISED
 * @param generatorCpuDegraded      the generator JVM's share of all cores (a saturated generator
 *                                  paces late)
 * @param generatorCpuCompromised   ditto, COMPROMISED
 * @param gcPauseDegraded           the generator JVM's share of wall time in garbage collection
 * @param gcPauseCompromised        ditto, COMPROMISED
 * @param generatorLagDegradedNanos p99 of the generator's own lag ({@code generator.*} metrics)
 * @param generatorLagCompromisedNanos ditto, COMPROMISED
 * @param missedArrivalsDegraded    open model: missed / planned arrivals
 * @param missedArrivalsCompromised ditto, COMPROMISED
 */
public record HealthRules(
        double otherCpuDegraded,
        double otherCpuCompromised,
        double stealDegraded,
        double stealCompromised,
        double cpuPressureDegraded,
        double cpuPressureCompromised,
        double runQueueDegraded,
        double runQueueCompromised,
        double generatorCpuDegraded,
        double generatorCpuCompromised,
        double gcPauseDegraded,
        double gcPauseCompromised,
        long generatorLagDegradedNanos,
        long generatorLagCompromisedNanos,
        double missedArrivalsDegraded,
        double missedArrivalsCompromised) {

    /** The default limits. */
    public static final HealthRules DEFAULTS = new HealthRules(
            0.08, 0.20,
            0.05, 0.15,
            0.30, 0.60,
            1.5, 2.5,
            0.70, 0.90,
            0.05, 0.15,
            10_000_000L, 50_000_000L,
            0.001, 0.01);

    public HealthRules {
        pair("otherCpu", otherCpuDegraded, otherCpuCompromised);
        pair("steal", stealDegraded, stealCompromised);
        pair("cpuPressure", cpuPressureDegraded, cpuPressureCompromised);
        pair("runQueue", runQueueDegraded, runQueueCompromised);
        pair("generatorCpu", generatorCpuDegraded, generatorCpuCompromised);
        pair("gcPause", gcPauseDegraded, gcPauseCompromised);
        pair("generatorLag", generatorLagDegradedNanos, generatorLagCompromisedNanos);
        pair("missedArrivals", missedArrivalsDegraded, missedArrivalsCompromised);
    }

    private static void pair(String name, double degraded, double compromised) {
        if (!(degraded >= 0) || !(compromised >= degraded)) {
            throw new IllegalArgumentException(name + ": need 0 <= degraded limit <= compromised limit, were "
                    + degraded + " and " + compromised);
        }
    }
}
