package dev.speechload.core.target.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.testcontainers.containers.GenericContainer;

/**
 * The {@link Liveness} of a container: dead once it stopped without being asked to, with its exit
 * code (and whether the kernel killed it for memory). Each check asks the Docker engine, so checks
 * are {@link #INTERVAL} apart. Thread-safe.
 */
final class ContainerLiveness implements Liveness {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final GenericContainer<?> container;
    private final BooleanSupplier stoppedOnPurpose;
    private final String logHint;

    ContainerLiveness(GenericContainer<?> container, BooleanSupplier stoppedOnPurpose, String logHint) {
        this.container = container;
        this.stoppedOnPurpose = stoppedOnPurpose;
        this.logHint = logHint;
    }

    @Override
    public Optional<TargetDeath> check() {
        if (stoppedOnPurpose.getAsBoolean() || container.isRunning()) {
            return Optional.empty();
        }
        long at = System.nanoTime();
        Long exitCode = null;
        boolean outOfMemory = false;
        try {
            InspectContainerResponse.ContainerState state =
                    container.getCurrentContainerInfo().getState();
            exitCode = state.getExitCodeLong();
            outOfMemory = Boolean.TRUE.equals(state.getOOMKilled());
        } catch (RuntimeException e) {
            // the container may be gone already: its death is still a death, without a code
        }
        if (stoppedOnPurpose.getAsBoolean()) {
            return Optional.empty();
        }
        String cause = exitCode == null ? "stopped running" : "exited with code " + exitCode;
        return Optional.of(new TargetDeath(
                cause + (outOfMemory ? " (killed for lack of memory)" : ""),
                logHint,
                exitCode == null ? null : exitCode.intValue(),
                at));
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }
}
