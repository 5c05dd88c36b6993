package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.server.cpu.CpuBurner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("SyntheticEngine")
@Timeout(60)
class SyntheticEngineTests {

    private final SyntheticEngine engine = new SyntheticEngine(16_000, 0);

    @Test
    void makesSixtyMillisecondsOfAudioPerCodePoint() throws Exception {
        TtsEngine.Pcm pcm = engine.synthesize("Hello 😀 你好", null);
        assertThat(pcm.sampleRateHz()).isEqualTo(16_000);
        assertThat(pcm.samples()).hasSize(10 * 960); // 10 code points
        assertThat(pcm.durationMillis()).isEqualTo(600);
    }

    @Test
    void scalesDurationWithTextLengthAndRate() throws Exception {
        String text = "duration scales";
        long shortMillis = engine.synthesize(text, null).durationMillis();
        long longMillis = engine.synthesize(text.repeat(4), null).durationMillis();
        assertThat(longMillis).isEqualTo(4 * shortMillis);
        TtsEngine.Pcm at8k = new SyntheticEngine(8_000, 0).synthesize(text, null);
        assertThat(at8k.samples()).hasSize(text.length() * 480);
        assertThat(at8k.durationMillis()).isEqualTo(shortMillis);
    }

    @Test
    void isDeterministicAcrossInstances() throws Exception {
        String text = "Same text, same audio: 3.14159 https://example.com 👍🏽";
        short[] first = engine.synthesize(text, null).samples();
        short[] second = new SyntheticEngine(16_000, 0).synthesize(text, null).samples();
        assertThat(second).isEqualTo(first);
        // a fixed digest guards the waveform against accidental changes: clients resuming with
        // Last-Event-ID against another server instance depend on identical audio
        assertThat(digest(first)).isEqualTo("33509db38b2e7e19254617e70ae2590fcdf403ea7b8676042d40fef339c724f8");
    }

    @Test
    void dependsOnTheTextAndTheVoice() throws Exception {
        short[] a = engine.synthesize("abc", null).samples();
        short[] b = engine.synthesize("abd", null).samples();
        short[] voiced = engine.synthesize("abc", "en-us").samples();
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isNotEqualTo(voiced);
        assertThat(Arrays.copyOf(a, 1920)).isEqualTo(Arrays.copyOf(b, 1920)); // "ab" alike
    }

    @Test
    void makesAudibleTonesForLettersAndSilenceForSpacesAndPunctuation() throws Exception {
        short[] samples = engine.synthesize("a .b", null).samples();
        assertThat(peak(samples, 0, 960)).isGreaterThan(5_000);
        assertThat(peak(samples, 960, 2 * 960)).isZero();
        assertThat(peak(samples, 2 * 960, 3 * 960)).isZero();
        assertThat(peak(samples, 3 * 960, 4 * 960)).isGreaterThan(5_000);
        assertThat(peak(samples, 0, samples.length)).isLessThan(32_767);
    }

    @Test
    void fadesEachToneInAndOutWithoutClicks() throws Exception {
        short[] samples = engine.synthesize("aa", null).samples();
        assertThat(Math.abs(samples[0])).isLessThan(200);
        assertThat(Math.abs(samples[959])).isLessThan(200);
        assertThat(Math.abs(samples[960])).isLessThan(200);
    }

    @Test
    void burnsCpuInProportionToAudioTimesRealTimeFactor() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String text = "x".repeat(50); // 3 s of audio
        SyntheticEngine burning = new SyntheticEngine(16_000, 0.1); // 300 ms of CPU
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        short[] samples = burning.synthesize(text, null).samples();
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        if (CpuBurner.measuresCpuTime()) {
            assertThat(cpuMillis).isGreaterThanOrEqualTo(290);
        } else {
            assertThat(wallMillis).isGreaterThanOrEqualTo(290);
        }
        assertThat(samples).isEqualTo(engine.synthesize(text, null).samples());
    }

    @Test
    void burnsNoCpuWithARealTimeFactorOfZero() throws Exception {
        long start = System.nanoTime();
        engine.synthesize("y".repeat(200), null); // 12 s of audio
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void stopsBurningWhenInterrupted() throws Exception {
        SyntheticEngine slow = new SyntheticEngine(16_000, 100); // 100 s of CPU per audio second
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> slow.synthesize("z", null)).isInstanceOf(InterruptedException.class);
        Thread worker = new Thread(() -> {
            try {
                slow.synthesize("zzzz", null);
            } catch (InterruptedException expected) {
                return;
            }
            throw new AssertionError("not interrupted");
        });
        worker.start();
        Thread.sleep(100);
        worker.interrupt();
        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void rejectsUnsupportedRates() {
        assertThatThrownBy(() -> new SyntheticEngine(4_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4000 Hz");
    }

    private static int peak(short[] samples, int from, int to) {
        int peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }

    private static String digest(short[] samples) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (short s : samples) {
            sha.update((byte) s);
            sha.update((byte) (s >> 8));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
