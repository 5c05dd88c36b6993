package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP probes against a local server that checks a bearer token. */
class HttpProbesTests {

    private static final String TOKEN = "s3cret";

    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext(
                "/metrics", ex -> guarded(ex, "{\"memory_rss_bytes\": 1048576, \"num_fds\": 12, \"num_threads\": 9}"));
        server.createContext(
                "/metrics/prometheus",
                ex -> guarded(ex, "process_resident_memory_bytes 2097152\nprocess_open_fds 13\nprocess_threads 10\n"));
        server.createContext("/plain", ex -> reply(ex, 200, "{\"num_threads\": 3}"));
        // uvicorn's answer to a request that asks to upgrade the connection (HTTP/2 over cleartext).
        server.createContext(
                "/strict",
                ex -> reply(ex, ex.getRequestHeaders().containsKey("Upgrade") ? 400 : 200, "{\"num_threads\": 4}"));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void guarded(HttpExchange ex, String body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        reply(ex, ("Bearer " + TOKEN).equals(auth) ? 200 : 401, body);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void jsonProbeSendsTheBearerToken() throws IOException {
        MetricsJsonProbe probe =
                ResourceProbes.metricsJson(base.resolve("/metrics")).withBearerToken(TOKEN);

        assertThat(probe.read()).isEqualTo(new ResourceReading(1048576, 12, 9));
        assertThat(probe.description()).isEqualTo("metrics:" + base + "/metrics");
    }

    @Test
    void prometheusProbeSendsTheBearerToken() throws IOException {
        PrometheusProbe probe =
                ResourceProbes.prometheus(base.resolve("/metrics/prometheus")).withBearerToken(TOKEN);

        assertThat(probe.read()).isEqualTo(new ResourceReading(2097152, 13, 10));
        assertThat(probe.description()).isEqualTo("prometheus:" + base + "/metrics/prometheus");
    }

    @Test
    void probesSpeakPlainHttp11ToServersThatRefuseAnUpgrade() throws IOException {
        assertThat(ResourceProbes.metricsJson(base.resolve("/strict")).read())
                .isEqualTo(new ResourceReading(-1, -1, 4));
    }

    @Test
    void withMethodsReturnNewProbesAndLeaveTheOriginalAlone() throws IOException {
        MetricsJsonProbe plain = ResourceProbes.metricsJson(base.resolve("/plain"));
        MetricsJsonProbe renamed = plain.withThreadsField("missing");

        assertThat(plain.read()).isEqualTo(new ResourceReading(-1, -1, 3));
        assertThatThrownBy(renamed::read)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("have none of the fields");
    }

    @Test
    void anUnauthorizedAnswerSaysATokenMayBeNeeded() {
        URI url = base.resolve("/metrics");

        assertThatThrownBy(() -> ResourceProbes.metricsJson(url).read())
                .isInstanceOf(IOException.class)
                .hasMessage("GET " + url + ": expected HTTP 2xx, saw HTTP 401; the endpoint may need a bearer token "
                        + "(withBearerToken)");
        assertThatThrownBy(() -> ResourceProbes.prometheus(base.resolve("/metrics/prometheus"))
                        .withBearerToken("wrong")
                        .read())
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("saw HTTP 401; check the bearer token");
    }

    @Test
    void anUnreachableEndpointFailsNamingTheUrl() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closed + "/metrics");

        assertThatThrownBy(() -> ResourceProbes.metricsJson(url).read())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("GET " + url + ": connection refused");
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> ResourceProbes.metricsJson(URI.create("grpc://127.0.0.1:50051")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics URL must be an absolute http(s) URL such as http://127.0.0.1:8080/metrics, "
                        + "was grpc://127.0.0.1:50051");
    }
}
