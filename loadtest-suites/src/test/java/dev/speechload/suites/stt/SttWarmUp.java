package dev.speechload.suites.stt;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.target.Endpoints;
import dev.speechload.grpc.SttScenario;
import java.time.Duration;

/**
 * Unrecorded STT load before a suite's measured run. A suite that runs first in its JVM otherwise
 * measures its own JIT compilation: run alone, {@code SttBackpressureSuite} saw the generator's lag
 * p99 at 40..82 ms (DEGRADED or COMPROMISED) and backpressure lag p95 at 550..920 ms, against
 * 5 ms and 200..310 ms when other gRPC suites had run before it in the same JVM. The same code
 * then got a FAIL alone and a PASS in the main job; a warmed-up run gets the same verdict either
 * way. Warms the generator's gRPC path and the server's decode path alike.
 */
final class SttWarmUp {

    private SttWarmUp() {}

    /** Runs {@code scenario} on {@code channels} closed-loop channels for {@code duration}, recording nothing kept. */
    static void run(Endpoints endpoints, SttScenario scenario, int channels, Duration duration) throws Exception {
        new LoadRunner(LoadPlan.closed(channels).withDuration(duration))
                .withEndpoints(endpoints)
                .run(scenario, 0);
    }
}
