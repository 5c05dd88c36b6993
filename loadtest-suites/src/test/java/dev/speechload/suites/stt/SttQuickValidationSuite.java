package dev.speechload.suites.stt;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import org.junit.jupiter.api.DisplayName;

/**
 * Quick validation of speech-to-text streaming: channels in two ramp steps stream short noise
 * sessions with partials at 4 x real time; every session must get its final result. Smoke: 8
 * channels for 6 s after one warm-up session each; full: 80 channels for 1 minute.
 */
@DisplayName("STT quick validation")
class SttQuickValidationSuite {

    @LoadTarget
    static Target server(Settings settings) {
        return SuiteTargets.referenceServer(settings, QuickValidation.SERVER_FLAGS);
    }

    @LoadTest(channels = 80, rampSteps = 2, rampInterval = "10s", warmupIterations = 2, duration = "1m")
    @Smoke(channels = 8)
    void everySessionGetsItsFinalResult(LoadContext load) throws Exception {
        RunResult result = load.run(QuickValidation.scenario(load));

        QuickValidation.assertHealthy(result);
    }
}
