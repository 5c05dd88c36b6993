package dev.speechload.suites.engine;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.GrpcStreamScenario;
import dev.speechload.grpc.SttScenario;
import dev.speechload.grpc.TimedRequest;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.SpeechToTextGrpc;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Good STT sessions, except that every {@code badEvery}-th iteration of a channel (by its index,
 * warm-up included) opens a stream with a config the server rejects (sample rate 1000 Hz, below
 * its 8000 Hz minimum: ERR2001). Counts its own calls, so a test can compare the engine's figures
 * with what really ran. Thread-safe.
 */
final class BadConfigScenario implements Scenario {

    /** What the scenario ran, by kind; read after the run. */
    static final class Calls {
        final AtomicLong warmup = new AtomicLong();
        final AtomicLong measuredGood = new AtomicLong();
        final AtomicLong measuredBad = new AtomicLong();

        long measured() {
            return measuredGood.get() + measuredBad.get();
        }

        void reset() {
            warmup.set(0);
            measuredGood.set(0);
            measuredBad.set(0);
        }
    }

    private final SttScenario good;
    private final GrpcStreamScenario<StreamingRecognizeRequest, StreamingRecognizeResponse> bad;
    private final int badEvery;
    private final Calls calls;

    BadConfigScenario(SttScenario good, int badEvery, Calls calls) {
        this.good = good;
        this.badEvery = badEvery;
        this.calls = calls;
        StreamingRecognizeRequest badConfig = StreamingRecognizeRequest.newBuilder()
                .setConfig(RecognitionConfig.newBuilder().setSampleRateHz(1000).setLanguage("en-US"))
                .build();
        this.bad = GrpcStreamScenario.<StreamingRecognizeRequest, StreamingRecognizeResponse>create(
                        channel -> SpeechToTextGrpc.newStub(channel)::streamingRecognize)
                .withRequests(List.of(TimedRequest.now(badConfig)))
                .forFinal(r -> r.getResult().getIsFinal())
                .withMetricPrefix("bad")
                .withName("stt-bad-config");
    }

    /** True for the iterations that send the bad config. */
    boolean sendsBadConfig(long index) {
        return index % badEvery == badEvery - 1;
    }

    @Override
    public void setUp(ScenarioContext context) {
        good.setUp(context);
        bad.setUp(context);
    }

    @Override
    public void run(Iteration iteration) throws Exception {
        boolean sendBad = sendsBadConfig(iteration.index());
        if (iteration.warmup()) {
            calls.warmup.incrementAndGet();
        } else {
            (sendBad ? calls.measuredBad : calls.measuredGood).incrementAndGet();
        }
        if (sendBad) {
            bad.run(iteration);
        } else {
            good.run(iteration);
        }
    }

    @Override
    public void tearDown() {
        try {
            good.tearDown();
        } finally {
            bad.tearDown();
        }
    }
}
