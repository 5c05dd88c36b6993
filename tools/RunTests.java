import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.regex.Pattern;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the test classes of one package whose simple names match a glob, on the JUnit Platform,
 * in this JVM: how tools/run-distributed.sh starts a generator shard. Several Maven runs at once
 * would race to rebuild the same target folders, and a Maven run of one module alone would take
 * the other modules from ~/.m2 (stale snapshots, or none); a classpath built once has neither.
 *
 *   javac -d OUT -cp TEST_CLASSPATH tools/RunTests.java
 *   java -cp OUT:TEST_CLASSPATH RunTests PACKAGE GLOB
 *
 * GLOB is a class's simple name or a pattern with '*' (as Surefire's -Dtest), e.g. '*Suite'.
 * Exit code: 0 when every test passed or was skipped (aborted), 1 when one failed, 2 when no
 * test matched (as Surefire with failIfNoSpecifiedTests).
 */
public class RunTests {

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("RunTests: expected PACKAGE GLOB, e.g. dev.speechload.suites '*Suite'");
            System.exit(2);
        }
        String regex = ".*\\." + Pattern.quote(args[1]).replace("*", "\\E[^.]*\\Q");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(args[0]))
                .filters(includeClassNamePatterns(regex))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new PrintWriter(System.out, true));
        summary.printFailuresTo(new PrintWriter(System.out, true), 20);
        if (summary.getTestsFoundCount() == 0) {
            System.err.println("RunTests: no test class in " + args[0] + " matches " + args[1]);
            System.exit(2);
        }
        System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
