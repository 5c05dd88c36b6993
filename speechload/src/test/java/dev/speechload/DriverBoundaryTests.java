package dev.speechload;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a driver module (loadtest-grpc, loadtest-sse) holds: scenarios the engine runs, their
 * inputs (audio, texts, the TTS stress corpus) and logs. Plans are run by core's {@code
 * run.PlanRun}; experiments that run plans and write their own reports (the benchmark matrix) live
 * in loadtest-bench. A driver's {@code internal} package is used by its top package alone (its
 * other packages, such as sse's stress run, use the scenarios' public types); of core's internal
 * packages a driver uses only the I/O helpers. PublicApiTests checks that no other library module
 * uses a driver's internal package, BenchBoundaryTests that the benchmarks do not. This module
 * sees both drivers, so the rules run here once for both.
 */
@DisplayName("a driver module's boundary")
class DriverBoundaryTests {

    private static JavaClasses driver(String name) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.speechload." + name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "sse"})
    void theDriverRunsNoPlansAndWritesNoReports(String name) {
        noClasses()
                .should()
                .callConstructor(LoadRunner.class, LoadPlan.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.speechload.core.run..",
                        "dev.speechload.core.stats..",
                        "dev.speechload.core.baseline..",
                        "dev.speechload.core.compare..",
                        "dev.speechload.core.history..",
                        "dev.speechload.core.report..",
                        "dev.speechload.core.live..",
                        "dev.speechload.core.cli..",
                        "dev.speechload.core.testkit..")
                .because("a driver makes iterations; running a plan is core.run's, benchmarks that write their"
                        + " own reports are loadtest-bench's, and core.testkit is for tests")
                .check(driver(name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "sse"})
    void internalIsUsedOnlyByTheDriversTopPackage(String name) {
        String top = "dev.speechload." + name;
        noClasses()
                .that()
                .resideOutsideOfPackages(top, top + ".internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(top + ".internal..")
                .because(name + ".internal is not API; the driver's other packages use the scenarios' public types")
                .allowEmptyShould(true)
                .check(driver(name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grpc", "sse"})
    void ofCoresInternalPackagesOnlyTheIoHelpersAreUsed(String name) {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("dev.speechload.core..internal..")
                        .and(not(resideInAPackage("dev.speechload.core.io.internal.."))))
                .because("core's internal packages are not API; a driver may use core's I/O helpers alone"
                        + " (dev.speechload.core.io.internal, documented there)")
                .check(driver(name));
    }
}
