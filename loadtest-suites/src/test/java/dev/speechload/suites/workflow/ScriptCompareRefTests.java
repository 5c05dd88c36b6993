package dev.speechload.suites.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.target.ReferenceServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/run-load-suites.sh --compare-ref}, run as a user runs it, in a throwaway clone of
 * this repository (so worktrees and {@code results/} of the real checkout stay untouched) with the
 * working tree's version of the script copied in. Most tests put a fake {@code mvn} and
 * {@code docker} first on the PATH that record their arguments, so no load suite runs; one
 * builds the reference server with the real Maven ({@code --dry-run} then stops before the
 * suites). Every test checks that no git worktree and no temporary folder is left behind.
 */
@DisplayName("tools/run-load-suites.sh --compare-ref")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScriptCompareRefTests {

    private static final Path ROOT = ReferenceServer.locateRoot();
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String SUITES_COMMAND = "mvn -B -pl loadtest-suites verify -Dtest=\\*Suite"
            + " -Dloadtest.scale=smoke -Dloadtest.target=process -Dloadtest.updateBaseline=false"
            + " -Dloadtest.baselineRuns=1 -Dloadtest.failOnRegression=false -Dloadtest.inconclusive=abort";

    /** Records its arguments; for the reference build, leaves a jar where Maven would. */
    private static final String FAKE_MVN = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$FAKE_LOG/mvn.log"
            if [[ " $* " == *" -pl loadtest-server "* ]]; then
              mkdir -p loadtest-server/target && echo fake > loadtest-server/target/speechload-server.jar
            fi
            if [ -n "${FAKE_MVN_SLEEP:-}" ]; then touch "$FAKE_LOG/mvn.sleeping"; sleep "$FAKE_MVN_SLEEP"; fi
            exit "${FAKE_MVN_EXIT:-0}"
            """;

    /** Records its arguments and whether the build context (last argument) holds the server jar. */
    private static final String FAKE_DOCKER = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$FAKE_LOG/docker.log"
            context="${@: -1}"
            if [ -f "$context/loadtest-server/target/speechload-server.jar" ]; then echo "context has the jar" >> "$FAKE_LOG/docker.log"; fi
            """;

    @TempDir
    Path dir;

    private Path repo;
    private Path tmp;
    private Path fakes;

    @BeforeEach
    void cloneTheRepository() throws Exception {
        assumeTrue(onPath("git"), "git is not on the PATH");
        // Real paths: the script prints the ones it gets from pwd and mktemp.
        Path base = dir.toRealPath();
        repo = base.resolve("repo");
        tmp = Files.createDirectory(base.resolve("tmp"));
        fakes = Files.createDirectory(base.resolve("fakes"));
        Result clone = run(dir, Map.of(), "git", "clone", "-q", "--local", ROOT.toString(), repo.toString());
        assertThat(clone.exitCode()).as("git clone: %s", clone.stderr()).isZero();
        // The script under test is the working tree's, committed or not.
        Files.copy(
                ROOT.resolve("tools/run-load-suites.sh"),
                repo.resolve("tools/run-load-suites.sh"),
                StandardCopyOption.REPLACE_EXISTING);
        writeExecutable(fakes.resolve("bin/mvn"), FAKE_MVN);
        writeExecutable(fakes.resolve("bin/docker"), FAKE_DOCKER);
    }

    @Test
    void refusesARefTheRepositoryDoesNotHaveBeforeAnyBuild() throws Exception {
        Result result = script(fakeTools(), "--compare-ref", "no-such-ref-0815");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo("run-load-suites: --compare-ref 'no-such-ref-0815': no such commit"
                        + " in this repository (name a branch, tag or sha it has; fetch it first if it is remote)\n");
        assertThat(fakeLog("mvn.log")).as("no Maven run").isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void refusesCompareRefWithUpdateBaseline() throws Exception {
        Result result = script(fakeTools(), "--compare-ref", "HEAD", "--update-baseline");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo("run-load-suites: --compare-ref and --update-baseline exclude each"
                        + " other: an A/B comparison records no baseline; drop one of them\n");
        assertThat(fakeLog("mvn.log")).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void runsTheSuitesExactlyAsBeforeWithoutCompareRef() throws Exception {
        Result result = script(fakeTools(), "--fail-on-regression");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(fakeLog("mvn.log"))
                .containsExactly(
                        "-B -q install -DskipTests",
                        "-B -pl loadtest-suites verify -Dtest=*Suite -Dloadtest.scale=smoke -Dloadtest.target=process"
                                + " -Dloadtest.updateBaseline=false -Dloadtest.baselineRuns=1"
                                + " -Dloadtest.failOnRegression=true -Dloadtest.inconclusive=abort");
        assertNothingLeftBehind();
    }

    @Test
    @Tag("slow")
    void buildsTheReferenceServerAtTheRefAndPassesItsJarToTheSuites() throws Exception {
        // Builds loadtest-server (and the proto module) with the real Maven: about a minute here.
        assumeTrue(onPath("mvn"), "mvn is not on the PATH");
        String shortSha = git("rev-parse", "--short", "HEAD");

        Result result = script(Map.of(), "--compare-ref", "HEAD", "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path jar = repo.resolve("results/compare-ref/speechload-server-" + shortSha + ".jar");
        assertThat(result.stdout())
                .contains(
                        "speechload: reference build (A): " + jar + "\n",
                        "speechload: would run: mvn -B -q install -DskipTests\n",
                        "speechload: would run: " + SUITES_COMMAND + " -Dloadtest.compareWith=" + jar + "\n",
                        "speechload: dry run: no suite ran\n");
        try (JarFile built = new JarFile(jar.toFile())) {
            assertThat(built.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.speechload.server.SpeechServerMain");
        }
        assertNothingLeftBehind();
    }

    @Test
    void buildsTheReferenceImageFromItsDockerfileForTheContainerTarget() throws Exception {
        Map<String, String> env = fakeTools("SPEECHLOAD_DOCKER_BASE_IMAGE", "speechload/jre-base:local");
        String shortSha = git("rev-parse", "--short", "HEAD");

        Result result = script(env, "--compare-ref", "HEAD", "--target", "container", "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String image = "speechload/server-under-test:ref-" + shortSha;
        assertThat(fakeLog("mvn.log"))
                .as("only the reference build ran")
                .containsExactly("-B -q -pl loadtest-server -am package -DskipTests");
        List<String> docker = fakeLog("docker.log");
        assertThat(docker).hasSize(2);
        String worktree = Pattern.quote(tmp + "/speechload-compare-ref.") + "\\w+/src";
        assertThat(docker.get(0))
                .matches("build -f " + worktree + "/Dockerfile\\.loadtest -t " + Pattern.quote(image)
                        + " --build-arg BASE_IMAGE=speechload/jre-base:local " + worktree);
        assertThat(docker.get(1)).isEqualTo("context has the jar");
        assertThat(result.stdout())
                .contains("speechload: would run: "
                        + SUITES_COMMAND.replace("-Dloadtest.target=process", "-Dloadtest.target=container")
                        + " -Dloadtest.compareWith=" + image + "\n");
        assertThat(repo.resolve("results/compare-ref"))
                .as("no jar for a container target")
                .doesNotExist();
        assertNothingLeftBehind();
    }

    @Test
    void removesTheWorktreeWhenTheReferenceBuildFails() throws Exception {
        Map<String, String> env = fakeTools("FAKE_MVN_EXIT", "1");
        String shortSha = git("rev-parse", "--short", "HEAD");

        Result result = script(env, "--compare-ref", "HEAD");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("run-load-suites: building the reference server at HEAD (" + shortSha
                        + ") failed (see above)\n");
        assertThat(fakeLog("mvn.log")).as("the suites did not run").hasSize(1);
        assertNothingLeftBehind();
    }

    @Test
    void removesTheWorktreeWhenStoppedDuringTheReferenceBuild() throws Exception {
        // A terminal's Ctrl-C signals the whole process group; setsid gives the script its own group,
        // and SIGTERM stands in for SIGINT, which a JVM started in the background may ignore (and
        // pass on ignored). The script turns both into an exit that runs its cleanup.
        assumeTrue(onPath("setsid"), "setsid is not on the PATH");
        Map<String, String> env = fakeTools("FAKE_MVN_SLEEP", "120");
        Process script = start(env, List.of("setsid", "bash", "tools/run-load-suites.sh", "--compare-ref", "HEAD"));
        try {
            Path sleeping = fakes.resolve("mvn.sleeping");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!Files.exists(sleeping) && script.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sleeping).as("the reference build started").exists();
            assertThat(worktrees()).as("the reference worktree while it builds").hasSize(2);

            Result kill = run(repo, Map.of(), "kill", "-TERM", "--", "-" + script.pid());
            assertThat(kill.exitCode()).as(kill.stderr()).isZero();

            assertThat(script.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the script ended")
                    .isTrue();
            assertThat(script.exitValue()).isEqualTo(143);
        } finally {
            script.destroyForcibly();
        }
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() throws Exception {
        assertThat(worktrees()).as("git worktrees").containsExactly(repo.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("temporary folders").isEmpty();
        }
    }

    private List<String> worktrees() throws Exception {
        return git("worktree", "list", "--porcelain")
                .lines()
                .filter(line -> line.startsWith("worktree "))
                .map(line -> line.substring("worktree ".length()))
                .toList();
    }

    /** The environment that puts the fake mvn and docker first on the PATH, plus name-value pairs. */
    private Map<String, String> fakeTools(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", fakes.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        env.put("FAKE_LOG", fakes.toString());
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    private List<String> fakeLog(String name) throws IOException {
        Path log = fakes.resolve(name);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Result result = run(repo, Map.of(), command.toArray(String[]::new));
        assertThat(result.exitCode())
                .as("git %s: %s", String.join(" ", args), result.stderr())
                .isZero();
        return result.stdout().strip();
    }

    private Result script(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "tools/run-load-suites.sh"));
        command.addAll(List.of(args));
        return run(repo, env, command.toArray(String[]::new));
    }

    private Process start(Map<String, String> env, List<String> command) throws IOException {
        return builder(repo, env, command).start();
    }

    /** Runs a command to its end (at most {@link #PATIENCE}). */
    private Result run(Path workDir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = builder(workDir, env, List.of(command));
        Process process = builder.start();
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + PATIENCE);
        }
        return new Result(
                process.exitValue(),
                Files.readString(builder.redirectOutput().file().toPath()),
                Files.readString(builder.redirectError().file().toPath()));
    }

    /**
     * A command with its output in files of its own, TMPDIR in this test's folder, and none of
     * the fakes' settings unless {@code env} has them.
     */
    private ProcessBuilder builder(Path workDir, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(Files.createTempFile(dir, "out", ".log").toFile())
                .redirectError(Files.createTempFile(dir, "err", ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("FAKE_") || key.equals("SPEECHLOAD_DOCKER_BASE_IMAGE"));
        environment.put("TMPDIR", tmp.toString());
        environment.putAll(env);
        return builder;
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
