package dev.speechload.suites.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Scale;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.internal.LoadPlans;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The STT suites' plans at both scales, checked without running them: smoke takes seconds with a
 * few to a few dozen channels (every CI build), full takes minutes with dozens to hundreds.
 */
@DisplayName("STT suite plans")
class SttSuitePlansTests {

    private static final List<Class<?>> SUITES = List.of(
            SttQuickValidationSuite.class,
            SttBackpressureSuite.class,
            SttRateLimitSuite.class,
            SttShutdownSuite.class,
            SttSoakSuite.class,
            SttContainerSuite.class);

    @Test
    void smokePlansTakeSecondsWithAFewDozenChannelsAtMost() {
        for (Method method : loadTests()) {
            LoadPlan plan = plan(method, Scale.SMOKE);
            assertThat(plan.channels()).as("%s smoke channels", method).isBetween(2, 40);
            assertThat(plan.warmup().plus(plan.duration()))
                    .as("%s smoke time", method)
                    .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(12));
        }
    }

    @Test
    void fullPlansTakeMinutesWithDozensToHundredsOfChannels() {
        for (Method method : loadTests()) {
            LoadPlan plan = plan(method, Scale.FULL);
            assertThat(plan.channels()).as("%s full channels", method).isBetween(40, 1000);
            assertThat(plan.duration())
                    .as("%s full duration", method)
                    .isBetween(Duration.ofSeconds(30), Duration.ofMinutes(15));
        }
    }

    private static LoadPlan plan(Method method, Scale scale) {
        return LoadPlans.from(method.getAnnotation(LoadTest.class), method, scale, Duration.ofSeconds(1));
    }

    private static List<Method> loadTests() {
        List<Method> methods = SUITES.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(LoadTest.class))
                .toList();
        assertThat(methods).as("@LoadTest methods of the STT suites").hasSizeGreaterThanOrEqualTo(SUITES.size());
        return methods;
    }
}
