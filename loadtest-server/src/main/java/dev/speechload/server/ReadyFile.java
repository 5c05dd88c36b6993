package dev.speechload.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ready file: {@code {"grpcPort":..,"httpPort":..,"pid":..}}, written once both listeners
 * are bound, so a launcher that asked for port 0 learns the real ports. Written to a temporary
 * sibling and moved into place, so a reader never sees half a file.
 *
 * @param grpcPort bound gRPC port
 * @param httpPort bound HTTP port
 * @param pid this process's id
 */
record ReadyFile(
        @JsonProperty("grpcPort") int grpcPort,
        @JsonProperty("httpPort") int httpPort,
        @JsonProperty("pid") long pid) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the file atomically at {@code path}, creating parent directories. */
    void writeTo(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = Files.createTempFile(absolute.getParent(), ".ready", ".tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(this));
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Reads a ready file. */
    static ReadyFile readFrom(Path path) throws IOException {
        return JSON.readValue(path.toFile(), ReadyFile.class);
    }
}
