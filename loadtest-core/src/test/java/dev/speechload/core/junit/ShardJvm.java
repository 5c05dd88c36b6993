package dev.speechload.core.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * One load generator of {@link DistributedRunTests}, in its own JVM: runs one fixture class through
 * the real JUnit engine, with the {@code loadtest.*} settings its command line sets (shard, results
 * directory). Fails (exit code 1) when a test failed.
 *
 * <p>Its start instant comes from the test once every shard is up ({@link #READY} / {@link #GO}):
 * the JVM writes its ready file, waits for the go file and takes {@code loadtest.startAt} from it,
 * so the common start needs a margin for the engine's own set-up only, not for starting JVMs on a
 * busy machine.
 */
public final class ShardJvm {

    /** System property: the file this JVM writes when it is up. */
    static final String READY = "distributed.readyFile";
    /** System property: the file whose content (epoch millis) is {@code loadtest.startAt}. */
    static final String GO = "distributed.goFile";

    private static final long WAIT_FOR_GO_SECONDS = 120;

    private ShardJvm() {}

    public static void main(String[] args) throws Exception {
        Class<?> fixture = Class.forName(args[0]);
        // Discovery loads the engine and reads the fixture; its cost is then paid before the common start.
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).discover();
        awaitStartInstant();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .execute();
        long failed = results.testEvents().failed().count();
        results.testEvents().failed().stream().forEach(e -> System.err.println("failed: " + e));
        if (failed > 0 || results.testEvents().succeeded().count() == 0) {
            throw new IllegalStateException(
                    failed + " failed, " + results.testEvents().succeeded().count() + " succeeded, "
                            + results.testEvents().aborted().count() + " aborted");
        }
    }

    private static void awaitStartInstant() throws Exception {
        Path ready = Path.of(System.getProperty(READY));
        Path go = Path.of(System.getProperty(GO));
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, "ready", StandardCharsets.UTF_8);
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_FOR_GO_SECONDS);
        while (!Files.exists(go)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no start instant in " + go + " after " + WAIT_FOR_GO_SECONDS + " s");
            }
            Thread.sleep(10);
        }
        System.setProperty(
                "loadtest.startAt", Files.readString(go, StandardCharsets.UTF_8).trim());
    }
}
