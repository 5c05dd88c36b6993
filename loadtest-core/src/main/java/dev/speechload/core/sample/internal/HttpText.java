package dev.speechload.core.sample.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GETs a metrics page as text with short timeouts. One shared client (its threads are daemons
 * and it keeps connections alive between samples); thread-safe.
 */
final class HttpText {

    // HTTP/1.1 without an upgrade: the JDK's HTTP/2 default sends "Upgrade: h2c", which servers
    // such as uvicorn answer with 400.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private HttpText() {}

    /** The body of a 2xx answer; anything else fails with a message naming the URL and what came back. */
    static String get(URI url, String bearerToken, Duration timeout) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("GET " + url + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("GET " + url + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException("GET " + url + ": " + describe(e), e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String hint = status == 401 || status == 403
                    ? (bearerToken == null
                            ? "; the endpoint may need a bearer token (withBearerToken)"
                            : "; check the bearer token")
                    : "";
            throw new IOException("GET " + url + ": expected HTTP 2xx, saw HTTP " + status + hint);
        }
        return response.body();
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (message == null ? "" : " (" + message + ")");
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static Duration checkedTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    /** True for localhost, 127.0.0.0/8 and ::1, by the URL's text alone (no name lookup). */
    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost")
                || host.endsWith(".localhost")
                || host.startsWith("127.")
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1")
                || host.equals("0.0.0.0");
    }
}
