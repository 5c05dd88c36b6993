package dev.speechload.core.target;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Run in a separate JVM by {@link OrphanTests}, which then kills this JVM with {@code kill -9}:
 * starts a process target, prints its log file ({@code log <path>}) and the pids of the server
 * and its children ({@code pids <pid>...}), then waits to be killed.
 *
 * <p>Modes: {@code group} is a shell with two children (a server that starts helpers);
 * {@code stubborn} is one that ignores SIGTERM, with a one-second grace; {@code plain} is a
 * bare {@code /bin/sleep}.
 */
public final class TargetOwnerMain {

    private TargetOwnerMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        ProcessTarget target = switch (mode) {
            case "group" -> Targets.process(List.of("/bin/sh", "-c", "sleep 600 & sleep 600 & wait"));
            case "stubborn" ->
                Targets.process(List.of("/bin/sh", "-c", "trap '' TERM; sleep 600 & sleep 600 & wait"))
                        .withShutdownGrace(Duration.ofSeconds(1));
            case "plain" -> Targets.process(List.of("/bin/sleep", "600"));
            default -> throw new IllegalArgumentException("mode " + mode);
        };
        target.withLogDir(java.nio.file.Path.of(args[1])).start();
        ProcessHandle server = ProcessHandle.of(target.pid().orElseThrow()).orElseThrow();
        int children = mode.equals("plain") ? 0 : 2;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.children().count() < children && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("log " + target.logFile().orElseThrow());
        System.out.println("pids "
                + Stream.concat(Stream.of(server), server.children())
                        .map(p -> Long.toString(p.pid()))
                        .collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
