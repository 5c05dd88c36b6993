package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.MetricsJsonProbe;
import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@link MetricsJsonProbe} over {@code java.net.http}. Immutable; thread-safe. */
public final class HttpMetricsJsonProbe implements MetricsJsonProbe {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final URI url;
    private final MetricsJsonParser parser;
    private final String bearerToken;
    private final Duration timeout;

    private HttpMetricsJsonProbe(URI url, MetricsJsonParser parser, String bearerToken, Duration timeout) {
        this.url = url;
        this.parser = parser;
        this.bearerToken = bearerToken;
        this.timeout = timeout;
    }

    public static HttpMetricsJsonProbe create(URI url) {
        return new HttpMetricsJsonProbe(url, MetricsJsonParser.DEFAULT, null, DEFAULT_TIMEOUT);
    }

    @Override
    public ResourceReading read() throws IOException {
        return parser.parse(url.toString(), HttpText.get(url, bearerToken, timeout));
    }

    @Override
    public MetricsJsonProbe withMemoryField(String field, long bytesPerUnit) {
        MetricsJsonParser.MemoryField memory = new MetricsJsonParser.MemoryField(field, bytesPerUnit);
        return new HttpMetricsJsonProbe(
                url,
                new MetricsJsonParser(List.of(memory), parser.openFdsField(), parser.threadsField(), parser.cpuField()),
                bearerToken,
                timeout);
    }

    @Override
    public MetricsJsonProbe withOpenFdsField(String field) {
        return new HttpMetricsJsonProbe(
                url,
                new MetricsJsonParser(parser.memoryFields(), field, parser.threadsField(), parser.cpuField()),
                bearerToken,
                timeout);
    }

    @Override
    public MetricsJsonProbe withThreadsField(String field) {
        return new HttpMetricsJsonProbe(
                url,
                new MetricsJsonParser(parser.memoryFields(), parser.openFdsField(), field, parser.cpuField()),
                bearerToken,
                timeout);
    }

    @Override
    public MetricsJsonProbe withCpuField(String field) {
        return new HttpMetricsJsonProbe(
                url,
                new MetricsJsonParser(parser.memoryFields(), parser.openFdsField(), parser.threadsField(), field),
                bearerToken,
                timeout);
    }

    @Override
    public MetricsJsonProbe withBearerToken(String token) {
        return new HttpMetricsJsonProbe(url, parser, token, timeout);
    }

    @Override
    public MetricsJsonProbe withTimeout(Duration newTimeout) {
        return new HttpMetricsJsonProbe(url, parser, bearerToken, HttpText.checkedTimeout(newTimeout));
    }

    /** True when the endpoint is on a loopback address: the server (or its container) runs here. */
    @Override
    public boolean onThisMachine() {
        return HttpText.isLoopback(url);
    }

    @Override
    public String description() {
        return "metrics:" + url;
    }

    @Override
    public String toString() {
        return description();
    }
}
