package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExternalTargetTests {

    @Test
    void startsWhenEveryEndpointAcceptsConnectionsAndCloseLeavesTheServerAlone() throws Exception {
        try (ServerSocket grpc = listening();
                ServerSocket http = listening()) {
            URI grpcUri = URI.create("grpc://127.0.0.1:" + grpc.getLocalPort());
            URI httpUri = URI.create("http://127.0.0.1:" + http.getLocalPort());
            ExternalTarget target = Targets.external(grpcUri, httpUri);

            target.start();

            assertThat(target.isRunning()).isTrue();
            assertThat(target.kind()).isEqualTo("external");
            assertThat(target.endpoints().grpcAuthority()).isEqualTo("127.0.0.1:" + grpc.getLocalPort());
            assertThat(target.endpoints().http()).isEqualTo(httpUri);
            assertThat(target.pid()).isEmpty();
            assertThat(target.resourceProbe()).isEmpty();
            target.close();
            assertThat(target.isRunning()).isFalse();
            assertThat(grpc.isClosed()).isFalse();
        }
    }

    @Test
    void itsLivenessReportsAServerThatFailedThreeHealthChecksInARowDatedFromTheFirst() throws Exception {
        ServerSocket http = listening();
        URI httpUri = URI.create("http://127.0.0.1:" + http.getLocalPort());
        ExternalTarget target = Targets.external(null, httpUri);
        target.start();
        Liveness liveness = target.liveness();
        assertThat(liveness.check()).isEmpty();
        assertThat(liveness.interval()).isEqualTo(Duration.ofSeconds(1));

        http.close();
        long beforeFirstFailure = System.nanoTime();
        assertThat(liveness.check()).as("one failed check is not a death").isEmpty();
        assertThat(liveness.check()).as("nor two").isEmpty();
        TargetDeath death = liveness.check().orElseThrow();

        assertThat(death.cause()).isEqualTo("stopped answering its health check");
        assertThat(death.detail())
                .isEqualTo("3 checks in a row failed, 1 s apart; the last: http endpoint " + httpUri
                        + ": connection refused");
        assertThat(death.exitCode()).isNull();
        assertThat(death.atNanos()).isGreaterThanOrEqualTo(beforeFirstFailure);
        target.close();
        assertThat(liveness.check()).as("after close: the test's own doing").isEmpty();
    }

    @Test
    void anUnreachableAddressFailsNamingIt() throws Exception {
        int closed = ReadinessProbeTests.closedPort();
        ExternalTarget target = Targets.external(URI.create("grpc://127.0.0.1:" + closed), null);

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessage("external target is not reachable: grpc endpoint grpc://127.0.0.1:" + closed
                        + ": connection refused. Start the server there, or fix the address "
                        + "(loadtest.external.grpc / loadtest.external.http)");
        assertThat(target.isRunning()).isFalse();
    }

    @Test
    void withMetricsOffersAJsonMetricsProbe() {
        ExternalTarget target = Targets.external(null, URI.create("http://127.0.0.1:8080"))
                .withMetrics(URI.create("http://127.0.0.1:8080/metrics"));

        assertThat(target.resourceProbe())
                .get()
                .extracting(p -> p.description())
                .isEqualTo("metrics:http://127.0.0.1:8080/metrics");
    }

    @Test
    void rejectsAddressesOfTheWrongShape() {
        assertThatThrownBy(() -> Targets.external(URI.create("localhost:50051"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("external grpc address must look like grpc://127.0.0.1:50051, was localhost:50051");
        assertThatThrownBy(() -> Targets.external(null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an external target needs a grpc or an http address, got neither");
    }

    private static ServerSocket listening() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
