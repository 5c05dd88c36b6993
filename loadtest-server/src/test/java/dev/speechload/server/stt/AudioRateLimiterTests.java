package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AudioRateLimiterTests {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void allowsAWindowOfAudioAtOnce() {
        AudioRateLimiter limiter = new AudioRateLimiter(2.0, Duration.ofSeconds(1), 0);
        // Capacity = 2x real time over 1 s = 2 s of audio.
        assertThat(limiter.tryAcquire(2 * SECOND, 0)).isTrue();
        assertThat(limiter.tryAcquire(100 * MS, 0)).isFalse();
    }

    @Test
    void allowsSteadyAudioAtTheFactor() {
        AudioRateLimiter limiter = new AudioRateLimiter(1.5, Duration.ofSeconds(1), 0);
        long now = 0;
        // 100 ms of audio every 100 ms of wall time for a minute: 1x real time, under 1.5x.
        for (int i = 0; i < 600; i++) {
            now += 100 * MS;
            assertThat(limiter.tryAcquire(100 * MS, now)).as("chunk %d", i).isTrue();
        }
    }

    @Test
    void rejectsSustainedAudioFasterThanTheFactor() {
        AudioRateLimiter limiter = new AudioRateLimiter(2.0, Duration.ofSeconds(1), 0);
        long now = 0;
        int accepted = 0;
        // 300 ms of audio every 100 ms = 3x real time: the 2 s burst allowance runs out.
        for (int i = 0; i < 100 && limiter.tryAcquire(300 * MS, now); i++) {
            accepted++;
            now += 100 * MS;
        }
        assertThat(accepted).isBetween(15, 30);
    }

    @Test
    void refillsAfterAPause() {
        AudioRateLimiter limiter = new AudioRateLimiter(1.0, Duration.ofSeconds(1), 0);
        assertThat(limiter.tryAcquire(SECOND, 0)).isTrue();
        assertThat(limiter.tryAcquire(500 * MS, 0)).isFalse();
        assertThat(limiter.tryAcquire(500 * MS, 600 * MS)).isTrue();
    }

    @Test
    void neverRefillsBeyondOneWindow() {
        AudioRateLimiter limiter = new AudioRateLimiter(1.0, Duration.ofSeconds(1), 0);
        // An hour of silence does not bank an hour of burst.
        assertThat(limiter.tryAcquire(SECOND, 3600 * SECOND)).isTrue();
        assertThat(limiter.tryAcquire(10 * MS, 3600 * SECOND)).isFalse();
    }

    @Test
    void factorZeroDisablesTheLimit() {
        AudioRateLimiter limiter = new AudioRateLimiter(0, Duration.ofSeconds(1), 0);
        assertThat(limiter.enabled()).isFalse();
        assertThat(limiter.tryAcquire(3600 * SECOND, 0)).isTrue();
    }

    @Test
    void allowsTheAudioQueuedWhileTheServerHeldTheStreamBack() {
        AudioRateLimiter limiter = new AudioRateLimiter(1.0, Duration.ofSeconds(1), 0);
        assertThat(limiter.tryAcquire(SECOND, 0)).isTrue();

        // Parked by the server for 3 s: the client queued 3 s of audio, read now at once.
        limiter.credit(3 * SECOND);

        assertThat(limiter.tryAcquire(3 * SECOND, 0)).isTrue();
        assertThat(limiter.tryAcquire(100 * MS, 0))
                .as("credit spent, window empty")
                .isFalse();
    }
}
