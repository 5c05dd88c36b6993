package dev.speechload;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The public API of the library modules (core, the gRPC and SSE drivers, this entry point) as a
 * listing checked into {@value #LISTING}: every public type outside {@code internal} packages with
 * its public and protected members. A change to the surface, wanted or not, fails the build until
 * the listing is updated, so it shows in review as a diff of that file. Update it with
 * {@code mvn -pl speechload -am test -Dtest=PublicApiTests -Dsurefire.failIfNoSpecifiedTests=false
 * -Dspeechload.api.update=true}. This module sees all three library modules, so the check runs
 * here once for all of them.
 */
@DisplayName("the public API of core, grpc, sse and the entry point")
class PublicApiTests {

    static final String LISTING = "src/test/resources/public-api.txt";
    private static final String UPDATE = "speechload.api.update";
    /** The one internal package of core that the drivers may use: JSON and atomic files (documented there). */
    private static final String CORE_IO_INTERNAL = "dev.speechload.core.io.internal..";

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.speechload");
    }

    @Test
    void thePublicSurfaceIsTheCheckedInListing() throws IOException {
        List<String> actual = listing(library);
        Path file = Path.of(LISTING);
        if (Boolean.getBoolean(UPDATE)) {
            Files.write(file, actual);
            return;
        }
        List<String> expected = Files.exists(file) ? Files.readAllLines(file) : List.of();
        Set<String> added = new LinkedHashSet<>(actual);
        expected.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(expected);
        actual.forEach(removed::remove);
        if (!actual.equals(expected)) {
            fail(String.format(
                    "the public API differs from %s (%d lines added, %d removed):%n%s%n%s%nIf the change is meant,"
                            + " run with -D%s=true and commit the listing; if not, make the type or member"
                            + " package-private or move it to an internal package.",
                    LISTING, added.size(), removed.size(), prefixed("+ ", added), prefixed("- ", removed), UPDATE));
        }
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.speechload.core..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.speechload.core..internal..")
                        .and(not(resideInAPackage(CORE_IO_INTERNAL))))
                .because("core's internal packages are not API: a driver or the entry point uses core's public types")
                .check(library);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.speechload.core..", "dev.speechload.grpc..", "dev.speechload.sse..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CORE_IO_INTERNAL)
                .because("core's I/O helpers serve core and the drivers' session logs and stress runs alone")
                .check(library);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.speechload.grpc..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.speechload.grpc..internal..")
                .because("the gRPC driver's internal packages are not API")
                .check(library);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.speechload.sse..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.speechload.sse..internal..")
                .because("the SSE driver's internal packages are not API")
                .check(library);
    }

    @Test
    void theListingNamesOnlyPublicTypesOutsideInternalPackages() {
        List<String> types =
                listing(library).stream().filter(line -> !line.startsWith(" ")).toList();
        assertThat(types).isNotEmpty().noneMatch(line -> line.contains(".internal."));
        assertThat(types).contains("dev.speechload.Speechload (public final class)");
    }

    private static String prefixed(String prefix, Set<String> lines) {
        return lines.stream().map(line -> prefix + line).collect(Collectors.joining(System.lineSeparator()));
    }

    /** One line per API type, then one indented line per public or protected member, all sorted. */
    static List<String> listing(JavaClasses classes) {
        List<String> lines = new ArrayList<>();
        classes.stream()
                .filter(PublicApiTests::isApi)
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .forEach(type -> {
                    lines.add(type.getName() + " (" + modifiers(type.getModifiers()) + kind(type) + ")");
                    Set<String> members = new TreeSet<>();
                    for (JavaMember member : type.getMembers()) {
                        if (isVisible(type, member.getModifiers()) && !isSynthetic(member)) {
                            members.add("  " + describe(member));
                        }
                    }
                    lines.addAll(members);
                });
        return lines;
    }

    private static boolean isApi(JavaClass type) {
        if (!type.getModifiers().contains(JavaModifier.PUBLIC)
                || type.getPackageName().contains(".internal")
                || type.getPackageName().startsWith("dev.speechload.proto")
                || type.getSimpleName().equals("package-info")
                || type.isAnonymousClass()
                || type.isLocalClass()) {
            return false;
        }
        return type.getEnclosingClass().map(PublicApiTests::isApi).orElse(true);
    }

    private static boolean isVisible(JavaClass owner, Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC)
                || (modifiers.contains(JavaModifier.PROTECTED)
                        && !owner.getModifiers().contains(JavaModifier.FINAL));
    }

    private static boolean isSynthetic(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.SYNTHETIC)
                || member.getModifiers().contains(JavaModifier.BRIDGE)
                || member.getName().startsWith("lambda$");
    }

    private static String describe(JavaMember member) {
        String mods = modifiers(member.getModifiers());
        if (member instanceof JavaField field) {
            return mods + typeName(field.getRawType()) + " " + field.getName();
        }
        JavaCodeUnit unit = (JavaCodeUnit) member;
        String parameters = unit.getRawParameterTypes().stream()
                .map(PublicApiTests::typeName)
                .collect(Collectors.joining(", "));
        if (unit.isConstructor()) {
            return mods + "<init>(" + parameters + ")";
        }
        return mods + typeName(unit.getRawReturnType()) + " " + unit.getName() + "(" + parameters + ")";
    }

    /** {@code java.lang.String[]} rather than the JVM's {@code [Ljava.lang.String;}. */
    private static String typeName(JavaClass type) {
        String name = type.getName();
        int dimensions = 0;
        while (name.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return name;
        }
        String element = name.substring(dimensions);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.substring(1, element.length() - 1);
        };
        return base + "[]".repeat(dimensions);
    }

    private static String modifiers(Set<JavaModifier> modifiers) {
        StringBuilder text = new StringBuilder();
        for (JavaModifier m : List.of(
                JavaModifier.PUBLIC,
                JavaModifier.PROTECTED,
                JavaModifier.STATIC,
                JavaModifier.ABSTRACT,
                JavaModifier.FINAL)) {
            if (modifiers.contains(m)) {
                text.append(m.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
            }
        }
        return text.toString();
    }

    private static String kind(JavaClass type) {
        if (type.isAnnotation()) {
            return "@interface";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        if (type.isRecord()) {
            return "record";
        }
        return "class";
    }
}
