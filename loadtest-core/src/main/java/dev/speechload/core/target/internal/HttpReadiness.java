package dev.speechload.core.target.internal;

import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.ReadinessProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/** Ready on a 2xx answer to GET. Immutable; thread-safe. */
public final class HttpReadiness implements ReadinessProbe {

    // A fresh connection per attempt would leave many sockets in TIME_WAIT; one client reuses them.
    // HTTP/1.1 without an upgrade: the JDK's HTTP/2 default sends "Upgrade: h2c", which servers
    // such as uvicorn answer with 400.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String pathOrUrl;

    public HttpReadiness(String pathOrUrl) {
        Objects.requireNonNull(pathOrUrl, "pathOrUrl");
        if (!pathOrUrl.startsWith("/")) {
            URI uri;
            try {
                uri = URI.create(pathOrUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "readiness URL is not a URI: '" + pathOrUrl + "' (" + e.getMessage()
                                + "); give a path such as /health or an absolute http URL",
                        e);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("readiness URL must be a path such as /health or an absolute "
                        + "http(s) URL, was '" + pathOrUrl + "'");
            }
        }
        this.pathOrUrl = pathOrUrl;
    }

    /** The URL this probe GETs for these endpoints. */
    public URI url(Endpoints endpoints) {
        if (pathOrUrl.startsWith("/")) {
            URI base = endpoints.http();
            return base.resolve(pathOrUrl);
        }
        return URI.create(pathOrUrl);
    }

    @Override
    public String expectation(Endpoints endpoints) {
        return "HTTP 2xx from GET " + url(endpoints);
    }

    @Override
    public Attempt attempt(Endpoints endpoints, Duration attemptTimeout) {
        URI url = url(endpoints);
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(attemptTimeout).GET().build();
        try {
            HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? Attempt.ready("HTTP " + status) : Attempt.notReady("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Attempt.notReady("no answer within " + attemptTimeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Attempt.notReady("connection refused");
        } catch (IOException e) {
            return Attempt.notReady(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.notReady("interrupted");
        }
    }

    @Override
    public String toString() {
        return "forHttp(" + pathOrUrl + ")";
    }
}
