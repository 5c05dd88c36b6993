package dev.speechload.core.result;

import java.util.Map;

/**
 * The server under test as the run saw it.
 *
 * @param kind        "process", "container" or "external"
 * @param description human-readable: command line, image, or address
 * @param pid         the server's process id where known, else -1
 * @param endpoints   endpoint name ("grpc", "http") to URI text
 */
public record TargetInfo(String kind, String description, long pid, Map<String, String> endpoints) {
    public TargetInfo {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }
}
