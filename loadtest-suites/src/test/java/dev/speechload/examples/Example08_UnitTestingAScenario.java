package dev.speechload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.testkit.RecordingContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Example 8: unit-testing a scenario you wrote, without the engine and in milliseconds.
 *
 * <p>A scenario of your own (a class implementing {@link Scenario}) registers its metrics in
 * {@code setUp} and records into them in {@code run}. Before you put it under load, check that it
 * records what you think: that it times the right thing, counts what it should and fails an
 * iteration with the right code. The test kit in {@code dev.speechload.core.testkit} does what the
 * engine would, and keeps every value for you to assert on:
 * <ul>
 *   <li>{@link RecordingContext} is the {@link ScenarioContext} to set the scenario up with:
 *       {@code RecordingContext.http(uri)} (or {@code .grpc(port)}) points it at a server your
 *       test runs. {@code context.iteration(i)} hands out the iterations to run; afterwards
 *       {@code latencies(name)}, {@code counterTotal(name)} and {@code errors()} say what was
 *       recorded. A name the scenario never registered fails the test, naming the ones it did.</li>
 *   <li>{@code FakeTarget} is a {@code Target} that starts nothing, for a {@code @LoadTarget} that
 *       points the extension at a server your test already runs ({@code FakeTarget.http(port)}),
 *       or one that is unavailable or dies.</li>
 *   <li>{@code RunResultFixture} builds a plausible result for tests of your own judging or
 *       reporting code.</li>
 * </ul>
 * The kit ships in loadtest-core (the dependency you already have); it is for tests only.
 *
 * <p>Here the scenario under test sends {@code GET /greeting}, times the wait for the response
 * headers as {@code greeting.headers}, counts body bytes and fails an iteration on a non-200
 * status with {@code HTTP_<status>}. The test runs the JDK's own HTTP server on a free port, which
 * answers 200 and then 503.
 */
class Example08_UnitTestingAScenario {

    /** The scenario you wrote: one GET per iteration. */
    static final class GreetingScenario implements Scenario {
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private URI greeting;
        private LatencyMetric headers;
        private CounterMetric bytes;

        @Override
        public void setUp(ScenarioContext context) {
            greeting = context.endpoints().http().resolve("/greeting");
            headers = context.latency("greeting.headers", "request sent to response headers");
            bytes = context.counter("greeting.bytes", "bytes");
        }

        @Override
        public void run(Iteration iteration) throws Exception {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(greeting)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                iteration.fail("HTTP_" + response.statusCode());
                return;
            }
            iteration.record(headers, System.nanoTime() - start);
            iteration.add(bytes, response.body().length);
        }
    }

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/greeting", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            int status = requests.incrementAndGet() == 1 ? 200 : 503;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void timesAndCountsASuccessfulGreetingAndFailsABusyOneWithItsStatus() throws Exception {
        RecordingContext context = RecordingContext.http(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        GreetingScenario scenario = new GreetingScenario();
        scenario.setUp(context);

        scenario.run(context.iteration(0));
        scenario.run(context.iteration(1));
        scenario.tearDown();

        assertThat(context.latencies("greeting.headers"))
                .as("only the 200 is timed")
                .singleElement()
                .satisfies(nanos -> assertThat(nanos).isPositive());
        assertThat(context.counterTotal("greeting.bytes")).isEqualTo(5);
        assertThat(context.errors()).containsExactly("HTTP_503");
    }
}
