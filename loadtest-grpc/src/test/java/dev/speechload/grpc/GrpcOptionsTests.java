package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GrpcOptions")
class GrpcOptionsTests {

    @Test
    void defaultsAreOneConnectionFiveSecondConnectTenSecondFinalAndADerivedSessionTimeout() {
        GrpcOptions d = GrpcOptions.defaults();

        assertThat(d.connections()).isEqualTo(1);
        assertThat(d.pacerThreads()).isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.finalTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.sessionTimeout()).isNull();
        assertThat(d.metadata()).isEmpty();
        assertThat(d.authority()).isNull();
    }

    @Test
    void aWithLeavesTheOriginalUnchanged() {
        GrpcOptions original = GrpcOptions.defaults();

        GrpcOptions changed = original.withConnections(4)
                .withFinalTimeout(Duration.ofSeconds(3))
                .withMetadata("tenant", "a")
                .withAuthority("127.0.0.1:1");

        assertThat(original).isEqualTo(GrpcOptions.defaults());
        assertThat(changed.connections()).isEqualTo(4);
        assertThat(changed.finalTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(changed.metadata()).containsExactly(Map.entry("tenant", "a"));
        assertThat(changed.authority()).isEqualTo("127.0.0.1:1");
    }

    @Test
    void equalOptionsAreEqualHowEverTheyWereBuilt() {
        GrpcOptions a = GrpcOptions.defaults().withConnections(2).withMetadata("x", "1");
        GrpcOptions b = GrpcOptions.defaults().withMetadata(Map.of("x", "1")).withConnections(2);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withConnections(3));
    }

    @Test
    void copiesTheMetadataSoALaterChangeToTheCallersMapDoesNotLeakIn() {
        Map<String, String> mutable = new HashMap<>(Map.of("x", "1"));
        GrpcOptions options = GrpcOptions.defaults().withMetadata(mutable);

        mutable.put("y", "2");

        assertThat(options.metadata()).containsOnlyKeys("x");
        assertThatThrownBy(() -> options.metadata().put("z", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheOption() {
        GrpcOptions d = GrpcOptions.defaults();
        assertThatThrownBy(() -> d.withConnections(0)).hasMessage("GrpcOptions.connections must be 1..1024, was 0");
        assertThatThrownBy(() -> d.withConnections(1025))
                .hasMessage("GrpcOptions.connections must be 1..1024, was 1025");
        assertThatThrownBy(() -> d.withPacerThreads(65)).hasMessage("GrpcOptions.pacerThreads must be 1..64, was 65");
        assertThatThrownBy(() -> d.withConnectTimeout(Duration.ZERO))
                .hasMessage("GrpcOptions.connectTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> d.withFinalTimeout(Duration.ofMillis(-1)))
                .hasMessage("GrpcOptions.finalTimeout must be positive, was PT-0.001S");
        assertThatThrownBy(() -> d.withSessionTimeout(Duration.ZERO))
                .hasMessage("GrpcOptions.sessionTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> d.withMetadata("tenant", "caf\u00e9"))
                .hasMessage(
                        "GrpcOptions.metadata must have printable ASCII names and values, was 'tenant': 'caf\u00e9'");
        assertThatThrownBy(() -> d.withAuthority(" "))
                .hasMessage("GrpcOptions.authority must be host:port or null (the target's gRPC endpoint), was blank");
        assertThatThrownBy(() -> d.withFinalTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("GrpcOptions.finalTimeout");
    }

    @Test
    void aSessionTimeoutOfNullRestoresTheDerivedDefault() {
        assertThat(GrpcOptions.defaults()
                        .withSessionTimeout(Duration.ofSeconds(1))
                        .withSessionTimeout(null))
                .isEqualTo(GrpcOptions.defaults());
    }

    @Test
    void everyScenarioRunsWithTheOptionsItIsGivenAndAWithLeavesTheScenarioUnchanged() {
        GrpcOptions options = GrpcOptions.defaults().withConnections(3);
        SttScenario stt = SttScenario.create(AudioSources.silence(Duration.ofSeconds(1), 16_000));
        GrpcStreamScenario<String, String> stream = GrpcStreamScenario.create(channel -> observer -> null);
        GrpcConversationScenario<String, String> conversation =
                GrpcConversationScenario.create(channel -> observer -> null);
        GrpcCallScenario<String, String> call = GrpcCallScenario.unary(channel -> (req, obs) -> {}, it -> "x");

        assertThat(stt.withOptions(options).options()).isEqualTo(options);
        assertThat(stream.withOptions(options).options()).isEqualTo(options);
        assertThat(conversation.withOptions(options).options()).isEqualTo(options);
        assertThat(call.withOptions(options).options()).isEqualTo(options);
        assertThat(stt.options()).isEqualTo(GrpcOptions.defaults());
        assertThat(stream.options()).isEqualTo(GrpcOptions.defaults());
    }
}
