package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceServerTests {

    @TempDir
    Path root;

    @Test
    void findsTheJarUnderTheRoot() throws Exception {
        Path jar = root.resolve("loadtest-server/target/speechload-server.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");

        assertThat(ReferenceServer.locateJar(root)).isEqualTo(jar);
    }

    @Test
    void aMissingJarTellsHowToBuildIt() {
        assertThatThrownBy(() -> ReferenceServer.locateJar(root))
                .isInstanceOf(TargetException.class)
                .hasMessage("the reference server jar " + root.resolve("loadtest-server/target/speechload-server.jar")
                        + " does not exist; build it with: mvn -B -pl loadtest-server package -DskipTests "
                        + "(from the repository root)");
    }

    @Test
    void findsTheRootByWalkingUpToTheFolderHoldingTheServerModule() throws Exception {
        Files.createDirectories(root.resolve("loadtest-server"));
        Path deep = Files.createDirectories(root.resolve("loadtest-core/target/surefire"));

        assertThat(ReferenceServer.locateRootFrom(deep))
                .isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void referenceServerCommandUsesLoopbackAndPortPlaceholders() {
        ProcessTarget target = Targets.referenceServer(root.resolve("server.jar"), "--tts-engine", "synthetic");

        assertThat(target.description())
                .endsWith("-jar " + root.resolve("server.jar") + " --bind 127.0.0.1 --grpc-port {grpcPort} "
                        + "--http-port {httpPort} --tts-engine synthetic");
    }
}
