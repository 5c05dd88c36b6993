package dev.speechload.suites.engine;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the static nested {@code *TestCase} fixtures for {@code EngineTestKit} only: a fixture
 * class carries {@code @EnabledIf(Fixtures.ENABLED)}, so when a build selects it directly (surefire
 * with {@code -Dtest=pkg.**} includes nested classes) it is skipped instead of run as a test.
 */
final class Fixtures {

    /** The configuration parameter the engine tests set when they run a fixture. */
    static final String PARAMETER = "speechload.suites.fixture";
    /** For {@code @EnabledIf}. */
    static final String ENABLED = "dev.speechload.suites.engine.Fixtures#runByEngineTestKit";

    private Fixtures() {}

    /** The parameters that enable a fixture. */
    static Map<String, String> parameters() {
        return Map.of(PARAMETER, "true");
    }

    static boolean runByEngineTestKit(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).isPresent();
    }
}
