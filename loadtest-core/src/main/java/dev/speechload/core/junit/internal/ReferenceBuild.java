package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Settings;
import dev.speechload.core.target.ContainerTarget;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What {@code loadtest.compareWith} names, applied to a fresh copy of the class's target to make
 * the reference build: for a container target, an image; for a process target, a jar (a value
 * ending in {@code .jar}, replacing the jar of its {@code java -jar} command) or a command line
 * (split on spaces, replacing its command). Every other setting of the target (ports, readiness,
 * environment, server flags) is kept, so A and B differ only in the build. Not API.
 */
record ReferenceBuild(String value) {

    static ReferenceBuild of(String value) {
        return new ReferenceBuild(value);
    }

    /** {@code copy}, now running the reference build; renamed so its logs do not mix with B's. */
    Target applyTo(Target copy) {
        String setting = Settings.COMPARE_WITH + "=" + value;
        if (copy instanceof ContainerTarget container) {
            if (value.endsWith(".jar")) {
                throw new NotComparable(setting + " names a jar, but the class's target is a container, which runs"
                        + " images: give an image name (tools/run-load-suites.sh --compare-ref <ref> --target container"
                        + " builds one)");
            }
            return container.withImage(value);
        }
        if (copy instanceof ProcessTarget process) {
            if (value.endsWith(".jar")) {
                Path jar = Path.of(value).toAbsolutePath().normalize();
                if (!Files.isRegularFile(jar)) {
                    throw new ExtensionConfigurationException(setting + ": the jar " + jar + " does not exist;"
                            + " build the reference first (tools/run-load-suites.sh --compare-ref <git ref> does)");
                }
                try {
                    process.withJar(jar);
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException(setting + ": " + e.getMessage(), e);
                }
            } else {
                List<String> command = Arrays.stream(value.trim().split("\\s+")).toList();
                process.withCommand(command);
            }
            return process.withName("reference");
        }
        throw new ExtensionConfigurationException(setting + ": a " + copy.kind() + " target cannot run another build;"
                + " declare a @ReferenceTarget for A instead");
    }

    /**
     * The setting cannot give this class a reference (another kind of build, or no target to make
     * one from): the class runs without A/B, and each verdict says why.
     */
    static final class NotComparable extends RuntimeException {
        NotComparable(String message) {
            super(message, null, false, false);
        }
    }
}
