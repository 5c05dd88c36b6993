package dev.speechload.core.engine;

import dev.speechload.core.result.EnvironmentInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes the machine a run happens on: cores, heap, JVM, OS, host name and the git commit of
 * the working tree. Costs a process start (git) and a host-name lookup: call it once per test
 * run and keep the result. Thread-safe.
 */
public final class Environments {

    private static final Logger LOG = LoggerFactory.getLogger(Environments.class);
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private Environments() {}

    /**
     * The current environment.
     *
     * @param root the working tree whose commit to report; a directory without git gives a null commit
     */
    public static EnvironmentInfo capture(Path root) {
        Runtime rt = Runtime.getRuntime();
        return new EnvironmentInfo(
                rt.availableProcessors(),
                rt.maxMemory(),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                hostName(),
                gitCommit(root));
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }

    /** HEAD's commit: {@code git rev-parse HEAD} with a 5 s limit, else read from .git; null if neither works. */
    public static String gitCommit(Path root) {
        String fromGit = runGit(root);
        return fromGit != null ? fromGit : readHead(root);
    }

    private static String runGit(Path root) {
        Process p = null;
        try {
            p = new ProcessBuilder(List.of("git", "rev-parse", "HEAD"))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                LOG.debug("git rev-parse HEAD took over 5 s in {}; reading .git instead", root);
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && SHA.matcher(out).matches() ? out : null;
        } catch (IOException e) {
            return null; // no git on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static String readHead(Path root) {
        try {
            Path git = root.resolve(".git");
            if (!Files.isDirectory(git)) {
                return null;
            }
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (SHA.matcher(head).matches()) {
                return head;
            }
            if (!head.startsWith("ref: ")) {
                return null;
            }
            String ref = head.substring(5).trim();
            Path refFile = git.resolve(ref);
            if (Files.isRegularFile(refFile)) {
                String sha = Files.readString(refFile).trim();
                return SHA.matcher(sha).matches() ? sha : null;
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        String sha = line.substring(0, line.indexOf(' '));
                        return SHA.matcher(sha).matches() ? sha : null;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
