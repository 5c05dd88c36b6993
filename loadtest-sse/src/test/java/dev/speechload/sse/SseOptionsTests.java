package dev.speechload.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SseOptions")
class SseOptionsTests {

    @Test
    void defaultsAreFiveSecondConnectTenSecondReadSixtySecondStreamAndOneMebibyteEvents() {
        SseOptions d = SseOptions.defaults();

        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.streamTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.maxStreamDuration()).isNull();
        assertThat(d.maxEventBytes()).isEqualTo(1024 * 1024);
        assertThat(d.reconnect()).isFalse();
        assertThat(d.followRedirects()).isFalse();
        assertThat(d.headers()).isEmpty();
    }

    @Test
    void aWithLeavesTheOriginalUnchanged() {
        SseOptions original = SseOptions.defaults();

        SseOptions changed = original.withReadTimeout(Duration.ofSeconds(2))
                .withReconnect(true)
                .withRedirects(true)
                .withHeader("X-Test", "yes")
                .withMaxStreamDuration(Duration.ofSeconds(30));

        assertThat(original).isEqualTo(SseOptions.defaults());
        assertThat(changed.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(changed.reconnect()).isTrue();
        assertThat(changed.followRedirects()).isTrue();
        assertThat(changed.headers()).containsExactly(Map.entry("X-Test", "yes"));
        assertThat(changed.maxStreamDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void equalOptionsAreEqualHowEverTheyWereBuilt() {
        SseOptions a = SseOptions.defaults().withHeader("A", "1").withMaxEventBytes(4096);
        SseOptions b = SseOptions.defaults().withMaxEventBytes(4096).withHeaders(Map.of("A", "1"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withReconnect(true));
    }

    @Test
    void keepsHeadersInTheOrderGivenAndCopiesThem() {
        Map<String, String> mutable = new LinkedHashMap<>();
        mutable.put("B", "2");
        mutable.put("A", "1");
        SseOptions options = SseOptions.defaults().withHeaders(mutable);

        mutable.put("C", "3");

        assertThat(options.headers()).containsExactly(Map.entry("B", "2"), Map.entry("A", "1"));
        assertThatThrownBy(() -> options.headers().put("D", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheOption() {
        SseOptions d = SseOptions.defaults();
        assertThatThrownBy(() -> d.withReadTimeout(Duration.ZERO))
                .hasMessage("SseOptions.readTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> d.withConnectTimeout(Duration.ofSeconds(-1)))
                .hasMessage("SseOptions.connectTimeout must be positive, was PT-1S");
        assertThatThrownBy(() -> d.withStreamTimeout(Duration.ZERO))
                .hasMessage("SseOptions.streamTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> d.withMaxStreamDuration(Duration.ZERO))
                .hasMessage("SseOptions.maxStreamDuration must be positive, was PT0S");
        assertThatThrownBy(() -> d.withMaxEventBytes(10)).hasMessage("SseOptions.maxEventBytes must be >= 64, was 10");
        assertThatThrownBy(() -> d.withReadTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("SseOptions.readTimeout");
    }

    @Test
    void scenariosRunWithTheOptionsTheyAreGivenAndAWithLeavesTheScenarioUnchanged() {
        SseOptions options = SseOptions.defaults().withReconnect(true);
        SseScenario sse = SseScenario.get("/events");
        TtsScenario tts = TtsScenario.create("hello");

        assertThat(sse.withOptions(options).options()).isEqualTo(options);
        assertThat(tts.withOptions(options).options()).isEqualTo(options);
        assertThat(tts.withOptions(options).toSseScenario().options()).isEqualTo(options);
        assertThat(sse.options()).isEqualTo(SseOptions.defaults());
        assertThat(tts.options()).isEqualTo(SseOptions.defaults());
    }
}
