package dev.speechload.core.target.internal;

import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.TargetException;
import java.time.Duration;

/** Polls a readiness probe until ready, the deadline passes, or the server dies. Stateless. */
final class ReadinessWait {

    /** Checks between attempts that the server is still alive; throws a TargetException when not. */
    @FunctionalInterface
    interface AliveCheck {
        void check();
    }

    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 500;
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(2);

    private ReadinessWait() {}

    /**
     * Returns when ready; otherwise throws a TargetException whose message starts with
     * {@code what} and says what was expected and last seen.
     */
    static void await(String what, ReadinessProbe probe, Endpoints endpoints, Duration timeout, AliveCheck alive) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        int attempts = 0;
        String lastSeen = "nothing (no attempt finished)";
        while (true) {
            alive.check();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Duration attemptTimeout = Duration.ofNanos(Math.min(remaining, MAX_ATTEMPT.toNanos()));
            if (attemptTimeout.toMillis() < 1) {
                break;
            }
            ReadinessProbe.Attempt attempt = probe.attempt(endpoints, attemptTimeout);
            attempts++;
            lastSeen = attempt.seen();
            if (attempt.ready()) {
                return;
            }
            if (System.nanoTime() + pause * 1_000_000 >= deadline) {
                break;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException(what + " was interrupted while waiting for " + probe.expectation(endpoints));
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
        alive.check();
        throw new TargetException(what + " was not ready within " + Durations.text(timeout) + ": expected "
                + probe.expectation(endpoints) + ", last saw " + lastSeen + " (" + attempts + " attempts)");
    }
}
