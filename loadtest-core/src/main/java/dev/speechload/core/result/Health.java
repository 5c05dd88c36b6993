package dev.speechload.core.result;

import java.util.List;
import java.util.Objects;

/**
 * Whether a run's (or a trial's) measurement can be trusted, with the figures and the reason.
 *
 * @param status            the worst of the rules that fired; for a run, over the trials it keeps
 * @param reason            one sentence a person can act on, e.g. "COMPROMISED: other processes
 *                          used 48 % of the machine's 2 cores (limit 20 %)"
 * @param figures           the figures the rules judged; null when nothing could be read
 * @param findings          each rule that fired, in words; empty when HEALTHY
 * @param trials            trials in the run (1 for a trial's own health)
 * @param trialsCompromised of those, how many were COMPROMISED (left out of timing verdicts)
 */
public record Health(
        HealthStatus status,
        String reason,
        HealthFigures figures,
        List<String> findings,
        int trials,
        int trialsCompromised) {

    public Health {
        Objects.requireNonNull(status, "status");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
