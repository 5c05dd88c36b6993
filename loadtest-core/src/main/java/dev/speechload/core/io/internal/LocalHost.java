package dev.speechload.core.io.internal;

import java.io.IOException;
import java.net.InetAddress;

/** This machine's name, for files and labels that say who wrote them. Stateless. */
public final class LocalHost {

    private LocalHost() {}

    /** {@code HOSTNAME} when set (no name lookup), else the resolver's name, else "unknown-host". */
    public static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
