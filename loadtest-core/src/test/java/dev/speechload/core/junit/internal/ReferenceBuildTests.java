package dev.speechload.core.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.target.Target;
import dev.speechload.core.target.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("loadtest.compareWith applied to a copy of the class's target")
class ReferenceBuildTests {

    @TempDir
    Path dir;

    @Test
    void aJarReplacesTheJarOfAJavaJarTargetAndKeepsItsArguments() throws IOException {
        Path old = Files.createFile(dir.resolve("server-1.4.jar"));

        Target reference = ReferenceBuild.of(old.toString())
                .applyTo(Targets.javaJar(Path.of("server.jar"), "--port", "{httpPort}"));

        assertThat(reference.description())
                .contains("-jar " + old.toAbsolutePath())
                .endsWith("--port {httpPort}")
                .doesNotContain(" server.jar");
    }

    @Test
    void aMissingJarIsNamedWithHowToBuildIt() {
        assertThatThrownBy(() -> ReferenceBuild.of("/nowhere/old.jar").applyTo(Targets.javaJar(Path.of("server.jar"))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("loadtest.compareWith=/nowhere/old.jar")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("--compare-ref");
    }

    @Test
    void anyOtherValueIsACommandLine() {
        Target reference = ReferenceBuild.of("./old-server --port {httpPort}")
                .applyTo(Targets.process(List.of("./server", "--port", "{httpPort}")));

        assertThat(reference.description()).isEqualTo("./old-server --port {httpPort}");
    }

    @Test
    void aContainerTargetTakesAnImageAndCannotCompareAgainstAJar() {
        Target reference = ReferenceBuild.of("speechload/server-under-test:ref-abc1234")
                .applyTo(Targets.container("speechload/server-under-test:local"));
        assertThat(reference.description()).contains("speechload/server-under-test:ref-abc1234");

        assertThatThrownBy(() -> ReferenceBuild.of("old.jar").applyTo(Targets.container("speechload/server:local")))
                .isInstanceOf(ReferenceBuild.NotComparable.class)
                .hasMessageContaining("names a jar, but the class's target is a container")
                .hasMessageContaining("--target container");
    }
}
