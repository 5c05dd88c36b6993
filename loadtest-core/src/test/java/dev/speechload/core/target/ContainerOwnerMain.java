package dev.speechload.core.target;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link ContainerTargetTests}, which then kills this JVM with
 * {@code kill -9}: starts the reference server's container (tag as the first argument, logs in
 * the second), prints {@code container <id>}, and waits to be killed.
 */
public final class ContainerOwnerMain {

    private ContainerOwnerMain() {}

    public static void main(String[] args) throws Exception {
        Path root = ReferenceServer.locateRoot();
        ContainerTarget target = Targets.containerFromDockerfile(root.resolve(ReferenceServer.DOCKERFILE), args[0])
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx128m")
                .withLogDir(Path.of(args[1]));
        target.start();
        System.out.println("container " + target.containerId().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
