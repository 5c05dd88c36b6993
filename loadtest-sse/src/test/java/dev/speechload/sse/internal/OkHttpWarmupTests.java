package dev.speechload.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.sse.SseScenario;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.testing.TestSseServer;
import org.junit.jupiter.api.Test;

class OkHttpWarmupTests {

    @Test
    void streamsOneTtsLikeResponseThroughTheWholeReadingPath() throws Exception {
        StreamOutcome o = OkHttpWarmup.run();
        // Request, response, parser, audio measurement, end event and its JSON check all ran.
        assertThat(o.ok()).as(o.toString()).isTrue();
        assertThat(o.httpStatus()).isEqualTo(200);
        assertThat(o.events()).isEqualTo(1);
        assertThat(o.audioSamples()).isEqualTo(2);
        assertThat(o.lastEventId()).isEqualTo("2");
    }

    @Test
    void neverSendsAnythingToTheTarget() throws Exception {
        try (TestSseServer target = TestSseServer.start()) {
            target.route("/events", x -> x.openStream().event("1", "tick", "{}"));
            SseScenario scenario = SseScenario.get("/events");
            scenario.setUp(RecordingContext.http(target.baseUrl()));
            scenario.tearDown();
            scenario.open(target.baseUrl(), 1).close();
            assertThat(target.hits("/events")).isZero();
        }
    }
}
