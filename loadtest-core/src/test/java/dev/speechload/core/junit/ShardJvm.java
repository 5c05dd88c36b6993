package dev.speechload.core.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * One load generator of {@link DistributedRunTests}, in its own JVM: runs one fixture class through
 * the real JUnit engine, with the {@code loadtest.*} settings its command line sets (shard, start
 * instant, results directory). Fails (exit code 1) when a test failed.
 */
public final class ShardJvm {

    private ShardJvm() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Class.forName(args[0]))).execute();
        long failed = results.testEvents().failed().count();
        results.testEvents().failed().stream().forEach(e -> System.err.println("failed: " + e));
        if (failed > 0 || results.testEvents().succeeded().count() == 0) {
            throw new IllegalStateException(failed + " failed, " + results.testEvents().succeeded().count()
                    + " succeeded, " + results.testEvents().aborted().count() + " aborted");
        }
    }
}
