package dev.speechload.bench.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which internal packages of the library the benchmarks may use. They time the toolkit's own hot
 * paths, so they reach core's recording path ({@code record.internal}), the engine's per-channel
 * path (through {@code BenchAccess}, which sits in {@code engine.internal}), the pair rule
 * ({@code stats.internal.PairHealth}, in the verdict-confusion bench) and the I/O helpers; never
 * another internal package of core, and never the drivers' ({@code grpc.internal},
 * {@code sse.internal}), whose scenarios they drive through their public types.
 */
@DisplayName("loadtest-bench's use of internal packages")
class BenchBoundaryTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.speechload.bench");
    }

    @Test
    void benchmarksUseOnlyTheInternalPackagesTheyTime() {
        noClasses()
                .that()
                .resideInAPackage("dev.speechload.bench..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.speechload..internal..")
                        .and(not(resideInAnyPackage(
                                "dev.speechload.core.record.internal..",
                                "dev.speechload.core.engine.internal..",
                                "dev.speechload.core.stats.internal..",
                                "dev.speechload.core.io.internal.."))))
                .because("the benchmarks time core's recording and engine paths; the drivers' internals are not"
                        + " theirs to use")
                .check(classes);
    }
}
