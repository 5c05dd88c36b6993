package dev.speechload.core.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.stats.RunResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package order of loadtest-core (docs/architecture.md): data flows one way,
 * {@code config, io, result, record < sample < target < engine < stats < run < baseline < compare < history < report < live < junit, cli},
 * only run (a plan through the engine into a result), junit and cli wire stages together, and
 * only run assembles a result from trials it ran. The test kit ({@code testkit}) is for tests:
 * it may use the stages it fakes, and no main code uses it.
 */
@DisplayName("loadtest-core layering")
class LayeringTests {

    private static final String CORE = "dev.speechload.core";
    /**
     * Every feature package; each may keep an {@code internal} sub-package that only it (and the
     * features {@link #INTERNAL_USERS} names) uses.
     */
    private static final List<String> FEATURES = List.of(
            "config",
            "io",
            "result",
            "record",
            "sample",
            "target",
            "engine",
            "stats",
            "run",
            "baseline",
            "compare",
            "history",
            "report",
            "live",
            "junit",
            "cli",
            "testkit");
    /**
     * The features whose {@code internal} package another feature may use, and which: the
     * implementation of a stage that only a later stage drives (the engine records through the
     * recorders; the stages that judge and show statistics compute with the statistics
     * functions; the JUnit extension drives the live view, which no user names), and the I/O
     * helpers of the stages that write files. Every other internal package is used by its own
     * feature alone.
     */
    private static final Map<String, List<String>> INTERNAL_USERS = Map.of(
            "io", List.of("target", "baseline", "history", "report", "live", "junit", "cli"),
            "record", List.of("engine"),
            "live", List.of("junit"),
            "stats", List.of("baseline", "compare", "report", "live"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @Test
    void packagesDependOnlyOnThoseBeforeThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("base")
                .definedBy(pkg("config"), pkg("io"), pkg("result"), pkg("record"))
                .layer("sample")
                .definedBy(pkg("sample"))
                .layer("target")
                .definedBy(pkg("target"))
                .layer("engine")
                .definedBy(pkg("engine"))
                .layer("stats")
                .definedBy(pkg("stats"))
                .layer("run")
                .definedBy(pkg("run"))
                .layer("baseline")
                .definedBy(pkg("baseline"))
                .layer("compare")
                .definedBy(pkg("compare"))
                .layer("history")
                .definedBy(pkg("history"))
                .layer("report")
                .definedBy(pkg("report"))
                .layer("live")
                .definedBy(pkg("live"))
                .layer("junit")
                .definedBy(pkg("junit"))
                .layer("cli")
                .definedBy(pkg("cli"))
                .layer("testkit")
                .definedBy(pkg("testkit"))
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("testkit")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("junit")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("live")
                .mayOnlyBeAccessedByLayers("junit", "cli")
                .whereLayer("report")
                .mayOnlyBeAccessedByLayers("junit", "cli")
                .whereLayer("history")
                .mayOnlyBeAccessedByLayers("report", "junit", "cli")
                .whereLayer("compare")
                .mayOnlyBeAccessedByLayers("report", "live", "junit", "cli")
                .whereLayer("baseline")
                .mayOnlyBeAccessedByLayers("compare", "history", "report", "junit", "cli")
                .whereLayer("run")
                .mayOnlyBeAccessedByLayers("compare", "junit", "cli")
                .whereLayer("stats")
                .mayOnlyBeAccessedByLayers("run", "baseline", "compare", "history", "report", "live", "junit", "cli")
                .whereLayer("engine")
                .mayOnlyBeAccessedByLayers(
                        "stats", "run", "baseline", "compare", "report", "live", "junit", "cli", "testkit")
                .whereLayer("target")
                .mayOnlyBeAccessedByLayers(
                        "engine", "stats", "run", "baseline", "compare", "report", "junit", "cli", "testkit")
                .whereLayer("sample")
                .mayOnlyBeAccessedByLayers(
                        "target", "engine", "stats", "run", "baseline", "compare", "report", "junit", "cli", "testkit")
                .check(classes);
    }

    @Test
    void mainCodeNeverUsesTheTestKit() {
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("testkit"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("testkit"))
                .because(
                        "the test kit fakes the engine's context and targets for tests; a run must never record into it")
                .check(classes);
    }

    @Test
    void resultRecordsImportNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(pkg("result"))
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(pkg("result"), "java..")
                .because("results are pure data that every stage reads")
                .check(classes);
    }

    @Test
    void internalPackagesAreUsedOnlyByTheirOwnFeature() {
        for (String feature : FEATURES) {
            List<String> users = new ArrayList<>(List.of(pkg(feature)));
            INTERNAL_USERS.getOrDefault(feature, List.of()).forEach(user -> users.add(pkg(user)));
            noClasses()
                    .that()
                    .resideOutsideOfPackages(users.toArray(String[]::new))
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(CORE + "." + feature + ".internal..")
                    .because(feature + ".internal is not API; other features use " + feature + "'s entry points")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void onlyPlanRunTurnsTrialsItRanIntoAResult() {
        // One path runs a plan, so a result names its plan, scale and target the same way wherever it came from.
        noClasses()
                .that()
                .resideOutsideOfPackages(pkg("engine"), pkg("run"), pkg("stats"))
                .should()
                .callConstructor(LoadRunner.class, LoadPlan.class)
                .orShould()
                .callMethod(
                        RunResults.class,
                        "assemble",
                        String.class,
                        PlanSummary.class,
                        EnvironmentInfo.class,
                        TargetInfo.class,
                        List.class,
                        boolean.class)
                .because("a plan is run through run.PlanRun (the JUnit context, the A/B comparison, the benchmark"
                        + " matrix, the suites), which assembles its result")
                .check(classes);
    }

    @Test
    void libraryCodeNeverExitsTheJvm() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(CORE + ".cli.SpeechloadCommand")
                .should()
                .callMethod(System.class, "exit", int.class)
                .orShould()
                .callMethod(Runtime.class, "exit", int.class)
                .orShould()
                .callMethod(Runtime.class, "halt", int.class)
                .because("only the CLI's main may end the JVM")
                .check(classes);
    }

    @Test
    void libraryCodeNeverPrintsStackTraces() {
        // The CLI prints one with --verbose, on its own error writer, because the user asked for it.
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("cli"))
                .should()
                .callMethodWhere(target(name("printStackTrace")))
                .because("problems are logged through SLF4J or thrown with a message a person can act on")
                .check(classes);
    }

    private static String pkg(String feature) {
        return CORE + "." + feature + "..";
    }
}
