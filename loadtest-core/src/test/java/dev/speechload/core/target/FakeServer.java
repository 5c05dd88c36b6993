package dev.speechload.core.target;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds commands that run {@link FakeServerMain} in a new JVM, and talks HTTP to it. */
final class FakeServer {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FakeServer() {}

    /** {@code java ... FakeServerMain {httpPort} options...}. */
    static List<String> command(String... options) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick to start: the fake needs no JIT tiers or big heap.
                "-Xms16m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                testClasses().toString(),
                FakeServerMain.class.getName(),
                "{httpPort}"));
        command.addAll(List.of(options));
        return command;
    }

    static Path testClasses() {
        try {
            return Path.of(FakeServerMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET and return status and body. */
    static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String body(Target target, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(target.endpoints().http().resolve(path));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }
}
