package dev.speechload.suites.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseSession;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconnection with {@code Last-Event-ID}: every stream's connection is broken part-way (a proxy
 * resets it after 16 KiB, a few audio frames), the client resumes with the id of the last event
 * it got, and the server must continue exactly there: the driver checks that the first id after
 * the reconnection follows the last one (else MALFORMED), and the test checks that every stream
 * still ends with {@code done} and that the audio of a resumed stream adds up to that of an
 * unbroken one. Smoke: 4 clients for 8 s; full: 16 clients for 2 minutes.
 */
@DisplayName("TTS reconnection with Last-Event-ID")
class TtsReconnectSuite {

    private static final Logger LOG = LoggerFactory.getLogger(TtsReconnectSuite.class);
    private static final long CUT_AFTER_BYTES = 16 * 1024;
    /** One text for every stream, so every stream's audio must be the same. */
    private static final String TEXT = TtsServers.TEXTS.get(2);

    @LoadTarget
    static Target server() {
        return TtsServers.referenceServer("--tts-max-chars", "40", "--tts-rtf", "0.01");
    }

    // compare = false: the load goes through a proxy in front of the candidate, so a reference build
    // would never see it.
    @LoadTest(channels = 16, duration = "2m", sampleInterval = "500ms", compare = false)
    @Smoke(channels = 4, duration = "8s")
    void everyBrokenStreamResumesWhereItStopped(LoadContext load) throws Exception {
        TtsScenario scenario = TtsScenario.create(TextSource.constant(TEXT))
                .withGet(true)
                .withOptions(SseOptions.defaults().withReadTimeout(Duration.ofSeconds(10)));
        StreamOutcome whole;
        try (SseSession direct = scenario.open(load.endpoints().http(), 1)) {
            whole = direct.stream(0, 0);
        }
        assertThat(whole.ok()).as("an unbroken stream: " + whole).isTrue();
        TtsServers.warmUp(load.endpoints(), Duration.ofSeconds(3));

        try (CuttingProxy proxy = CuttingProxy.start(load.endpoints().http(), CUT_AFTER_BYTES)) {
            RunResult result = load.run(
                    scenario.withPath(proxy.uri().resolve(TtsScenario.PATH).toString())
                            .withOptions(scenario.options().withReconnect(true)));

            long ok = result.counters().get("sse.streams_ok").total();
            long reconnects = result.counters().get("sse.reconnects").total();
            LOG.info(
                    "{}: {} streams ended with done, {} reconnections; proxy cut {} connections, {} resumed",
                    load.testName(),
                    ok,
                    reconnects,
                    proxy.cuts(),
                    proxy.resumed());

            assertThat(result.errors().byCode()).as("errors by code").isEmpty();
            assertThat(ok)
                    .as("streams that ended with done")
                    .isGreaterThanOrEqualTo(load.plan().channels());
            // Every stream that ended was cut once and resumed once (streams cut at the run's end
            // may have been cut by the proxy too, hence at least).
            assertThat(reconnects).as("reconnections with Last-Event-ID").isEqualTo(ok);
            assertThat((long) proxy.resumed())
                    .as("requests that reached the server with Last-Event-ID")
                    .isGreaterThanOrEqualTo(ok);
            assertThat((long) proxy.cuts()).as("connections the proxy cut").isGreaterThanOrEqualTo(ok);

            // Stream by stream: a resumed stream, over both attempts, has the unbroken stream's
            // events, audio and last id: nothing lost, nothing twice.
            try (SseSession viaProxy =
                    scenario.withOptions(scenario.options().withReconnect(true)).open(proxy.uri(), 1)) {
                for (int i = 0; i < 3; i++) {
                    StreamOutcome resumed = viaProxy.stream(0, i);
                    assertThat(resumed.ok())
                            .as("a stream through the proxy: " + resumed)
                            .isTrue();
                    assertThat(resumed.reconnects())
                            .as("reconnections of " + resumed)
                            .isEqualTo(1);
                    assertThat(resumed.events())
                            .as("audio events of " + resumed)
                            .isEqualTo(whole.events());
                    assertThat(resumed.audioMillis())
                            .as("audio ms of " + resumed)
                            .isEqualTo(whole.audioMillis());
                    assertThat(resumed.lastEventId())
                            .as("last event id of " + resumed)
                            .isEqualTo(whole.lastEventId());
                }
            }
        }
    }
}
