package dev.speechload.core.result;

import java.util.Locale;
import java.util.Objects;

/**
 * The target died while the load ran: the run ended there, keeping what was measured until then,
 * and the verdict FAILs with {@link #message()} whatever the measurement's health.
 *
 * @param message      the sentence results, pages and verdicts show, e.g. "target exited with code
 *                     137 at 12.3 s" or "target stopped answering its health check at 4.0 s", then
 *                     the detail in parentheses
 * @param cause        what happened, in words that follow "target ": "exited with code 137"
 * @param detail       what helps to find out why (the server's log file, the failed checks); null
 *                     when there is nothing to add
 * @param exitCode     the process's or container's exit code; null when not known
 * @param trial        0-based trial it died in
 * @param offsetMillis when, from the start of that trial's run (warm-up included: the clock of
 *                     {@link IntervalSample#offsetMillis()}); 0 when it died before the load started
 */
public record TargetFailure(
        String message, String cause, String detail, Integer exitCode, int trial, long offsetMillis) {

    public TargetFailure {
        Objects.requireNonNull(cause, "cause");
        if (trial < 0 || offsetMillis < 0) {
            throw new IllegalArgumentException(
                    "trial and offsetMillis must be >= 0, were " + trial + " and " + offsetMillis);
        }
        if (message == null || message.isBlank()) {
            message = sentence(cause, detail, trial, 1, offsetMillis, true);
        }
    }

    /**
     * A failure with its sentence.
     *
     * @param trials     trials the plan asked for: with more than one, the sentence names the trial
     * @param afterStart false when the target was found dead before the load started
     */
    public static TargetFailure of(
            String cause,
            String detail,
            Integer exitCode,
            int trial,
            int trials,
            long offsetMillis,
            boolean afterStart) {
        long at = afterStart ? Math.max(0, offsetMillis) : 0;
        return new TargetFailure(
                sentence(cause, detail, trial, trials, at, afterStart), cause, detail, exitCode, trial, at);
    }

    private static String sentence(
            String cause, String detail, int trial, int trials, long offsetMillis, boolean afterStart) {
        String which = "trial " + (trial + 1) + " of " + trials;
        String when;
        if (afterStart) {
            when = String.format(Locale.ROOT, "at %.1f s", offsetMillis / 1000.0)
                    + (trials > 1 ? " into " + which : "");
        } else {
            when = "before " + (trials > 1 ? which : "the load") + " started";
        }
        return "target " + cause + " " + when + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
    }
}
