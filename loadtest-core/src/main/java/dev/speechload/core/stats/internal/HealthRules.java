package dev.speechload.core.stats.internal;

/**
 * The limits that turn measured health figures into HEALTHY / DEGRADED / COMPROMISED. Each figure
 * has a DEGRADED limit (timings are still judged, but a timing FAIL is not trusted) and a
 * COMPROMISED limit (timings are not judged at all); a figure strictly above a limit fires it.
 * Shares are fractions (0.08 = 8 %). Immutable. See {@code docs/engine.md}, "Measurement health",
 * for why each rule exists and what to do when it fires.
 *
 * <p>Calibration of {@link #DEFAULTS} (2026-12-05, the project's 2-core machine, generator and
 * reference server on it, {@code SttQuickValidationSuite} at smoke scale, 8 channels, 6 s; details
 * in {@code docs/engine.md}): four quiet runs (load average 1.9..3.8, own builds only) measured
 * other processes' CPU 1.9..3.6 %, PSI "some" 43..50 %, run queue 1.5..3.3 per core, generator
 * lag p99 7..14 ms, generator CPU 24 %, GC 0.5..1.2 %, steal 0; three runs beside a one-core CPU
 * hog other processes 26..33 %, PSI 68..76 %, run queue 1.6..3.6, lag 12..16 ms; two hog
 * runs while another CI job also ran 37 and 38 % (PSI 83..85 %), and a run beside that CI job
 * alone 51 % (PSI 97 %, lag 138 ms). Limits sit about 2x above the quiet figures and below the
 * contended ones; PSI and the run queue separate quiet from contended poorly on 2 cores, where our
 * own generator and server make tasks wait, so they are fallbacks with wide limits.
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
 * @param idleSpare                 when at least this share of the machine's CPU stayed idle,
 *                                  other processes' work took CPU the load did not need: their
 *                                  share above the COMPROMISED limit is only DEGRADED (a one-core
 *                                  hog beside a load that needs less than the other core)
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
        double missedArrivalsCompromised,
        double idleSpare) {

    /** The calibrated limits; see the class comment for the figures behind them. */
    public static final HealthRules DEFAULTS = new HealthRules(
            0.08,
            0.15, // other CPU: quiet <= 3.6 %, a one-core hog 26..33 %
            0.05,
            0.15, // steal: 0 measured (no hypervisor contention here); starting limits
            0.55,
            0.65, // PSI some: quiet 43..50 %, hog 68..76 %, busy CI 83..97 %
            4.0,
            6.0, // run queue per core: quiet 2.1..3.3, hog 1.6..2.9, busy CI 3.5..6
            0.70,
            0.90, // generator CPU: 17..25 % in every run
            0.05,
            0.15, // GC share: 0.5..2.4 % in every run
            20_000_000L,
            50_000_000L, // generator lag p99: quiet 7..14 ms, hog 12..34 ms, busy CI 138 ms
            0.01,
            0.20, // missed arrivals: a slow server's backlog at the deadline is a few %
            0.15); // idle CPU left: a load beside a one-core hog that needs under a core

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
            throw new IllegalArgumentException(
                    name + ": need 0 <= degraded limit <= compromised limit, were " + degraded + " and " + compromised);
        }
    }
}
