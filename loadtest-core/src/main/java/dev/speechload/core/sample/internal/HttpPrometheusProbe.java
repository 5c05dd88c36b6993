package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.PrometheusProbe;
import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@link PrometheusProbe} over {@code java.net.http}. Immutable; thread-safe. */
public final class HttpPrometheusProbe implements PrometheusProbe {

    private final URI url;
    private final PrometheusTextParser parser;
    private final String bearerToken;
    private final Duration timeout;

    private HttpPrometheusProbe(URI url, PrometheusTextParser parser, String bearerToken, Duration timeout) {
        this.url = url;
        this.parser = parser;
        this.bearerToken = bearerToken;
        this.timeout = timeout;
    }

    public static HttpPrometheusProbe create(URI url) {
        return new HttpPrometheusProbe(url, PrometheusTextParser.DEFAULT, null, HttpMetricsJsonProbe.DEFAULT_TIMEOUT);
    }

    @Override
    public ResourceReading read() throws IOException {
        return parser.parse(url.toString(), HttpText.get(url, bearerToken, timeout));
    }

    @Override
    public PrometheusProbe withMemoryMetric(String name) {
        return with(
                new PrometheusTextParser(name, parser.openFdsMetric(), parser.threadsMetrics(), parser.cpuMetric()));
    }

    @Override
    public PrometheusProbe withOpenFdsMetric(String name) {
        return with(new PrometheusTextParser(parser.memoryMetric(), name, parser.threadsMetrics(), parser.cpuMetric()));
    }

    @Override
    public PrometheusProbe withThreadsMetric(String... namesInPreferenceOrder) {
        return with(new PrometheusTextParser(
                parser.memoryMetric(), parser.openFdsMetric(), List.of(namesInPreferenceOrder), parser.cpuMetric()));
    }

    @Override
    public PrometheusProbe withCpuMetric(String name) {
        return with(
                new PrometheusTextParser(parser.memoryMetric(), parser.openFdsMetric(), parser.threadsMetrics(), name));
    }

    private PrometheusProbe with(PrometheusTextParser newParser) {
        return new HttpPrometheusProbe(url, newParser, bearerToken, timeout);
    }

    @Override
    public PrometheusProbe withBearerToken(String token) {
        return new HttpPrometheusProbe(url, parser, token, timeout);
    }

    @Override
    public PrometheusProbe withTimeout(Duration newTimeout) {
        return new HttpPrometheusProbe(url, parser, bearerToken, HttpText.checkedTimeout(newTimeout));
    }

    /** True when the endpoint is on a loopback address: the server (or its container) runs here. */
    @Override
    public boolean onThisMachine() {
        return HttpText.isLoopback(url);
    }

    @Override
    public String description() {
        return "prometheus:" + url;
    }

    @Override
    public String toString() {
        return description();
    }
}
