package dev.speechload.grpc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the gRPC driver module holds: scenarios, audio and session logs that the engine runs. Plans
 * are run by core's {@code run.PlanRun}; experiments that run plans and write their own reports
 * (the benchmark matrix) live in loadtest-bench.
 */
@DisplayName("loadtest-grpc's boundary")
class DriverBoundaryTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.speechload.grpc");
    }

    @Test
    void theDriverRunsNoPlansAndWritesNoReports() {
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
                .check(classes);
    }
}
