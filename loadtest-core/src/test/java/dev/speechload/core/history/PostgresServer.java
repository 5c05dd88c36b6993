package dev.speechload.core.history;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} in a temporary directory, started on a free
 * loopback port with {@code pg_ctl}, stopped and deleted by {@link #close()}. PostgreSQL refuses to run as
 * root, so as root it runs as the {@code postgres} user ({@code runuser}). Where no binaries exist or the
 * server does not start, {@link #unavailableReason()} says why and tests skip with it.
 */
final class PostgresServer implements AutoCloseable {

    private static PostgresServer shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String unavailable;

    private PostgresServer(Path dir, Path bin, int port, String unavailable) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.unavailable = unavailable;
    }

    /**
     * The test JVM's server, started on first use and stopped when the JVM exits; tests use their own
     * test names, so they can share it.
     */
    static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-postgresql"));
        }
        return shared;
    }

    /** Skips the calling test, saying why, when the server is not running; else its URL. */
    String urlOrSkip() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                unavailable == null, () -> "PostgreSQL tests skipped: " + unavailable);
        return url();
    }

    /** Starts a server, or returns one that says why it could not. Never throws. */
    static PostgresServer start() {
        Path bin = findBin();
        if (bin == null) {
            return new PostgresServer(
                    null,
                    null,
                    0,
                    "no PostgreSQL server binaries (initdb, pg_ctl) under"
                            + " /usr/lib/postgresql/*/bin or on the PATH; install Debian's postgresql package");
        }
        Path dir = null;
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            dir = Files.createTempDirectory("speechload-pg");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (root) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            Path data = dir.resolve("data");
            run(asUser(
                    root,
                    List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            data.toString(),
                            "-U",
                            "postgres",
                            "--auth=trust",
                            "--no-sync")));
            run(asUser(
                    root,
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-w",
                            "-t",
                            "60",
                            "-o",
                            "-k " + dir + " -p " + port + " -c listen_addresses=127.0.0.1 -c fsync=off",
                            "-l",
                            dir.resolve("log").toString(),
                            "start")));
            return new PostgresServer(dir, bin, port, null);
        } catch (IOException | RuntimeException e) {
            String log = "";
            try {
                if (dir != null && Files.exists(dir.resolve("log"))) {
                    log = " (server log: "
                            + Files.readString(dir.resolve("log")).trim() + ")";
                }
            } catch (IOException ignored) {
                // the reason above is enough
            }
            PostgresServer failed =
                    new PostgresServer(dir, bin, 0, "PostgreSQL could not start: " + e.getMessage() + log);
            failed.close();
            return failed;
        }
    }

    /** Null when the server runs, else why not. */
    String unavailableReason() {
        return unavailable;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try {
            if (unavailable == null) {
                boolean root = "root".equals(System.getProperty("user.name"));
                run(asUser(
                        root,
                        List.of(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                dir.resolve("data").toString(),
                                "-m",
                                "immediate",
                                "-w",
                                "stop")));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Path findBin() {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.naturalOrder())
                        .orElse(null);
                if (found != null) {
                    return found;
                }
            } catch (IOException e) {
                return null;
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "pg_ctl")) && Files.isExecutable(Path.of(p, "initdb"))) {
                return Path.of(p);
            }
        }
        return null;
    }

    private static List<String> asUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(command.size() > 4 ? 4 : 0) + " took over 90 s");
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
