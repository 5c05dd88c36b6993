package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, item 3: a test JVM killed with {@code kill -9} must not leave its servers running.
 * Most tests start a JVM of their own ({@link TargetOwnerMain}) that starts a process target, kill
 * that JVM with SIGKILL (no shutdown hook runs), and check that the server and its children end.
 */
@DisplayName("process targets leave no orphans")
@EnabledOnOs(OS.LINUX)
class OrphanTests {

    /** Generous: the machine is shared; what is checked is that they end, not how fast. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> owners = new ArrayList<>();
    private final List<Long> leftovers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        owners.forEach(Process::destroyForcibly);
        leftovers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void killingTheJvmEndsTheServerAndTheProcessesItStarted() throws Exception {
        assumeSetsid();
        Owner owner = startOwner("group", Map.of());
        assertThat(owner.pids).as("the shell and its two sleeps").hasSize(3);
        owner.assertRunning();

        owner.process.destroyForcibly(); // SIGKILL: the JVM's shutdown hook does not run

        owner.assertAllGone();
        assertThat(Files.readString(owner.log))
                .contains("speechload watchdog: the JVM that started this server (pid " + owner.process.pid()
                        + ") is gone; sending SIGTERM to process group " + owner.pids.get(0));
    }

    @Test
    void aServerThatIgnoresSigtermIsKilledAfterItsGracePeriod() throws Exception {
        assumeSetsid();
        Owner owner = startOwner("stubborn", Map.of());
        owner.assertRunning();

        owner.process.destroyForcibly();

        owner.assertAllGone();
        assertThat(Files.readString(owner.log))
                .contains("sending SIGTERM to process group " + owner.pids.get(0))
                .contains("speechload watchdog: process group " + owner.pids.get(0)
                        + " still runs 1 s after SIGTERM; sending SIGKILL");
    }

    @Test
    void withoutSetsidTheServerItselfIsStillEndedAndTheLogSaysWhatIsLost() throws Exception {
        // No PATH: setsid cannot be found, the server runs in the JVM's group, watched by its pid.
        Owner owner = startOwner("plain", Map.of("PATH", "/nonexistent"));
        owner.assertRunning();

        owner.process.destroyForcibly();

        owner.assertAllGone();
        assertThat(Files.readString(owner.log))
                .contains("speechload watchdog: the JVM that started this server (pid " + owner.process.pid()
                        + ") is gone; sending SIGTERM to process " + owner.pids.get(0));
        assertThat(Files.readString(owner.stderr))
                .contains("no setsid program on the PATH (util-linux): process"
                        + " targets share this JVM's process group; if this JVM is killed with kill -9, only each server's"
                        + " own process is ended, not the processes it started");
    }

    @Test
    void closingTheTargetAlsoEndsProcessesTheServerLeftBehind() throws Exception {
        assumeSetsid();
        // The server starts a helper and exits on SIGTERM without stopping it.
        ProcessTarget target = Targets.process(List.of("/bin/sh", "-c", "sleep 600 & exec sleep 601"))
                .withLogDir(dir.resolve("logs"));
        target.start();
        ProcessHandle server = ProcessHandle.of(target.pid().orElseThrow()).orElseThrow();
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (server.children().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long helper = server.children().findFirst().orElseThrow().pid();
        leftovers.add(helper);
        leftovers.add(server.pid());

        target.close();

        assertThat(target.lastShutdown().orElseThrow().killed())
                .as("the server itself ended on SIGTERM")
                .isFalse();
        new Owner(null, null, null, List.of(helper)).assertAllGone();
        assertThat(Files.readString(target.logFile().orElseThrow()))
                .contains("speechload watchdog: the server exited" + " but left processes in process group "
                        + server.pid() + "; sending SIGTERM");
    }

    /** Process groups need util-linux's setsid; without it only the pid is watched (tested below). */
    private static void assumeSetsid() {
        String path = System.getenv("PATH");
        boolean found = path != null
                && Arrays.stream(path.split(":"))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid")));
        Assumptions.assumeTrue(found, "no setsid on the PATH: process targets get no group of their own here");
    }

    private Owner startOwner(String mode, Map<String, String> env) throws IOException {
        Path stderr = dir.resolve(mode + "-owner.err");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TargetOwnerMain.class.getName(),
                        mode,
                        dir.resolve("logs").toString()))
                .redirectError(stderr.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        owners.add(process);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line; lines.size() < 2 && (line = out.readLine()) != null; ) {
            int space = line.indexOf(' ');
            lines.put(line.substring(0, space), line.substring(space + 1));
        }
        if (lines.size() < 2) {
            throw new IllegalStateException("the owner JVM ended early; its stderr:\n" + Files.readString(stderr));
        }
        List<Long> pids =
                Arrays.stream(lines.get("pids").split(" ")).map(Long::parseLong).toList();
        leftovers.addAll(pids);
        return new Owner(process, Path.of(lines.get("log")), stderr, pids);
    }

    private record Owner(Process process, Path log, Path stderr, List<Long> pids) {

        void assertRunning() throws IOException {
            for (long pid : pids) {
                assertThat(state(pid)).as("process %d before the kill", pid).isNotIn("gone", "Z");
            }
        }

        void assertAllGone() throws Exception {
            if (process != null) {
                assertThat(process.waitFor(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS))
                        .as("the owner JVM died")
                        .isTrue();
            }
            long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
            for (long pid : pids) {
                while (running(pid) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(state(pid))
                        .as("process %d, %s after its JVM was killed", pid, GONE_WITHIN)
                        .isIn("gone", "Z");
            }
        }

        private static boolean running(long pid) throws IOException {
            String state = state(pid);
            return !state.equals("gone") && !state.equals("Z");
        }

        /**
         * The process's state letter from /proc (Z: ended, waiting for PID 1 to reap it), or
         * "gone". A pid reused meanwhile would be another program: its start time would differ,
         * but within this test's seconds on a machine with a large pid space it is not expected.
         */
        private static String state(long pid) throws IOException {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            } catch (NoSuchFileException e) {
                return "gone";
            }
        }
    }
}
