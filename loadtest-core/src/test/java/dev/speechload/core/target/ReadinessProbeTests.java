package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadinessProbeTests {

    private static final Duration ATTEMPT = Duration.ofSeconds(5);

    private HttpServer server;
    private volatile int healthStatus = 200;
    private Endpoints endpoints;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/health", ex -> {
            ex.sendResponseHeaders(healthStatus, -1);
            ex.close();
        });
        // uvicorn's answer to a request that asks to upgrade the connection (HTTP/2 over cleartext).
        server.createContext("/strict", ex -> {
            ex.sendResponseHeaders(ex.getRequestHeaders().containsKey("Upgrade") ? 400 : 200, -1);
            ex.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        endpoints = new Endpoints(Map.of(
                Endpoints.HTTP, URI.create("http://127.0.0.1:" + port),
                Endpoints.GRPC, URI.create("grpc://127.0.0.1:" + port)));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void httpProbeResolvesAPathAgainstTheHttpEndpoint() {
        ReadinessProbe probe = ReadinessProbe.forHttp("/health");

        assertThat(probe.expectation(endpoints)).isEqualTo("HTTP 2xx from GET " + endpoints.http() + "/health");
        assertThat(probe.attempt(endpoints, ATTEMPT)).isEqualTo(ReadinessProbe.Attempt.ready("HTTP 200"));
    }

    @Test
    void httpProbeSpeaksPlainHttp11ToServersThatRefuseAnUpgrade() {
        assertThat(ReadinessProbe.forHttp("/strict").attempt(endpoints, ATTEMPT))
                .isEqualTo(ReadinessProbe.Attempt.ready("HTTP 200"));
    }

    @Test
    void httpProbeReportsTheStatusItSaw() {
        healthStatus = 503;

        assertThat(ReadinessProbe.forHttp("/health").attempt(endpoints, ATTEMPT))
                .isEqualTo(ReadinessProbe.Attempt.notReady("HTTP 503"));
    }

    @Test
    void httpProbeTakesAnAbsoluteUrlAsIs() throws Exception {
        int closedPort = closedPort();
        ReadinessProbe probe = ReadinessProbe.forHttp("http://127.0.0.1:" + closedPort + "/ready");

        assertThat(probe.expectation(endpoints))
                .isEqualTo("HTTP 2xx from GET http://127.0.0.1:" + closedPort + "/ready");
        assertThat(probe.attempt(endpoints, ATTEMPT)).isEqualTo(ReadinessProbe.Attempt.notReady("connection refused"));
    }

    @Test
    void httpProbeRejectsWhatIsNeitherPathNorHttpUrl() {
        assertThatThrownBy(() -> ReadinessProbe.forHttp("health"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readiness URL must be a path such as /health or an absolute http(s) URL, was 'health'");
    }

    @Test
    void portProbeConnectsToTheNamedEndpoint() throws Exception {
        ReadinessProbe probe = ReadinessProbe.forPort("grpc");
        int port = server.getAddress().getPort();

        assertThat(probe.expectation(endpoints)).isEqualTo("a TCP connection to grpc endpoint 127.0.0.1:" + port);
        assertThat(probe.attempt(endpoints, ATTEMPT).ready()).isTrue();

        int closedPort = closedPort();
        Endpoints closed = new Endpoints(Map.of("grpc", URI.create("grpc://127.0.0.1:" + closedPort)));
        assertThat(probe.attempt(closed, ATTEMPT)).isEqualTo(ReadinessProbe.Attempt.notReady("connection refused"));
    }

    @Test
    void portProbeOnAMissingEndpointNamesTheOnesThereAre() {
        assertThatThrownBy(() -> ReadinessProbe.forPort("admin").attempt(endpoints, ATTEMPT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the target has no 'admin' endpoint; it has ");
    }

    /** A loopback port nothing listens on (bound, then closed). */
    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
