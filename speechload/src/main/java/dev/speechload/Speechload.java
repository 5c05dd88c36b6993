package dev.speechload;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.ContainerTarget;
import dev.speechload.core.target.ExternalTarget;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.Targets;
import dev.speechload.grpc.Audio;
import dev.speechload.grpc.AudioSources;
import dev.speechload.grpc.GrpcCallScenario;
import dev.speechload.grpc.GrpcConversationScenario;
import dev.speechload.grpc.GrpcOptions;
import dev.speechload.grpc.GrpcStreamScenario;
import dev.speechload.grpc.SessionLogging;
import dev.speechload.grpc.SoakSignal;
import dev.speechload.grpc.SttScenario;
import dev.speechload.grpc.TimedRequest;
import dev.speechload.sse.SseOptions;
import dev.speechload.sse.SseScenario;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one class a load test imports statically, as Gatling's Java DSL offers {@code CoreDsl}:
 * <pre>
 * import static dev.speechload.Speechload.*;
 *
 * import dev.speechload.core.junit.LoadContext;
 * import dev.speechload.core.junit.LoadTarget;
 * import dev.speechload.core.junit.LoadTest;
 * import dev.speechload.core.target.Target;
 *
 * class MyServerTests {
 *     &#64;LoadTarget
 *     static Target server() {
 *         return process(List.of("./my-server", "--port", "{grpcPort}"));
 *     }
 *
 *     &#64;LoadTest(channels = 20, duration = "1m")
 *     void transcribes(LoadContext load) throws Exception {
 *         var result = load.run(stt(whiteNoise(Duration.ofSeconds(2), 16_000, 42)));
 *         assertThat(result.errors().byCode()).isEmpty();
 *     }
 * }
 * </pre>
 *
 * <p>Typing a few letters lists what a test is made of: scenarios ({@code stt}, {@code tts},
 * {@code sse}, {@code grpcStream}, {@code grpcConversation}, {@code grpcUnary}, ...), audio and
 * texts ({@code whiteNoise}, {@code wav}, {@code cyclingTexts}, ...), targets
 * ({@code referenceServer}, {@code process}, {@code container}, {@code external}), options
 * ({@code grpcOptions()}, {@code sseOptions()}), plans ({@code closedPlan}, {@code openPlan}) and
 * the engine's metric names ({@link #SERVICE_TIME}, ...).
 *
 * <p>Every method here only calls the factory named in its javadoc and returns what it returns:
 * the same type, the same defaults, the same exceptions, so the factory's javadoc is the contract
 * and a test may mix both spellings. The annotations ({@code @LoadTest}, {@code @Smoke},
 * {@code @Regression}, {@code @Objective}, {@code @LoadTarget}) and {@code LoadContext} stay in
 * {@code dev.speechload.core.junit} and are imported as usual; Java cannot re-export a type.
 * Stateless and thread-safe; whether a returned value is immutable is said by its own type.
 */
public final class Speechload {

    /** {@link RunResult#SERVICE_TIME}: an iteration's actual start to its end. */
    public static final String SERVICE_TIME = RunResult.SERVICE_TIME;
    /** {@link RunResult#RESPONSE_TIME}: an iteration's intended start to its end (open model). */
    public static final String RESPONSE_TIME = RunResult.RESPONSE_TIME;
    /** {@link RunResult#TIME_TO_FIRST_EVENT}: request sent to the first response or event. */
    public static final String TIME_TO_FIRST_EVENT = RunResult.TIME_TO_FIRST_EVENT;
    /** {@link SttScenario#FINAL_LATENCY}: the last audio chunk to the final transcript. */
    public static final String STT_FINAL_LATENCY = SttScenario.FINAL_LATENCY;
    /** {@link SttScenario#INTERIM_LATENCY}: the chunk that completed a partial's audio to that partial. */
    public static final String STT_INTERIM_LATENCY = SttScenario.INTERIM_LATENCY;

    private Speechload() {}

    // ---- scenarios: speech-to-text and any gRPC call ----

    /** {@link SttScenario#create(Audio)}: one STT session per iteration, streaming {@code audio}. */
    public static SttScenario stt(Audio audio) {
        return SttScenario.create(audio);
    }

    /** {@link SttScenario#soak(SoakSignal, Duration)}: sessions of {@code sessionLength} that never end an utterance. */
    public static SttScenario sttSoak(SoakSignal signal, Duration sessionLength) {
        return SttScenario.soak(signal, sessionLength);
    }

    /**
     * {@link GrpcStreamScenario#create(Function)}: a scripted bidirectional stream of your own
     * service, e.g. {@code grpcStream((Channel channel) -> MyServiceGrpc.newStub(channel)::myMethod)}.
     * Name the lambda's parameter type as here: from {@code channel -> ...} Java cannot infer
     * {@code Req} and {@code Resp} when a {@code with...} call follows.
     */
    public static <Req, Resp> GrpcStreamScenario<Req, Resp> grpcStream(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call) {
        return GrpcStreamScenario.create(call);
    }

    /**
     * {@link GrpcConversationScenario#create(Function)}: a closed-loop conversation over a
     * bidirectional stream (type the lambda's parameter, as for {@link #grpcStream}).
     */
    public static <Req, Resp> GrpcConversationScenario<Req, Resp> grpcConversation(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call) {
        return GrpcConversationScenario.create(call);
    }

    /** {@link GrpcCallScenario#unary(Function, Function)}: one unary call per iteration. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> grpcUnary(
            Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> call, Function<Iteration, Req> request) {
        return GrpcCallScenario.unary(call, request);
    }

    /** {@link GrpcCallScenario#serverStreaming(Function, Function)}: one server-streaming call per iteration. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> grpcServerStreaming(
            Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> call, Function<Iteration, Req> request) {
        return GrpcCallScenario.serverStreaming(call, request);
    }

    /** {@link GrpcCallScenario#clientStreaming(Function, Function)}: one client-streaming call per iteration. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> grpcClientStreaming(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call,
            Function<Iteration, List<Req>> requests) {
        return GrpcCallScenario.clientStreaming(call, requests);
    }

    /** {@link TimedRequest#now(Object)}: {@code message} due as soon as the stream starts. */
    public static <Req> TimedRequest<Req> requestNow(Req message) {
        return TimedRequest.now(message);
    }

    /** {@link TimedRequest#at(Duration, Object)}: {@code message} due {@code at} after the stream's start. */
    public static <Req> TimedRequest<Req> requestAt(Duration at, Req message) {
        return TimedRequest.at(at, message);
    }

    /**
     * {@link TimedRequest#audioChunks(Audio, Duration, double, TimedRequest.ChunkEncoder)}:
     * {@code audio} cut into timed requests of {@code chunk} each, paced at {@code speed}.
     */
    public static <Req> List<TimedRequest<Req>> audioChunks(
            Audio audio, Duration chunk, double speed, TimedRequest.ChunkEncoder<Req> encoder) {
        return TimedRequest.audioChunks(audio, chunk, speed, encoder);
    }

    /** {@link SessionLogging#toStdout(int)}: the first {@code maxSessions} sessions as JSON lines on stdout. */
    public static SessionLogging sessionLogToStdout(int maxSessions) {
        return SessionLogging.toStdout(maxSessions);
    }

    /** {@link SessionLogging#besideResult(LoadContext)}: every session in a file beside the test's result. */
    public static SessionLogging sessionLogBesideResult(LoadContext load) {
        return SessionLogging.besideResult(load);
    }

    /** {@link SessionLogging#toFile(Path)}: every session as a JSON line in {@code file}. */
    public static SessionLogging sessionLogToFile(Path file) {
        return SessionLogging.toFile(file);
    }

    // ---- scenarios: text-to-speech and any SSE stream ----

    /** {@link TtsScenario#create(String)}: one TTS stream per iteration, always for {@code text}. */
    public static TtsScenario tts(String text) {
        return TtsScenario.create(text);
    }

    /** {@link TtsScenario#create(List)}: TTS streams cycling through {@code texts}. */
    public static TtsScenario tts(List<String> texts) {
        return TtsScenario.create(texts);
    }

    /** {@link TtsScenario#create(TextSource)}: TTS streams whose text {@code texts} chooses. */
    public static TtsScenario tts(TextSource texts) {
        return TtsScenario.create(texts);
    }

    /** {@link SseScenario#get(String)}: a {@code GET} event stream of a path or URL per iteration. */
    public static SseScenario sse(String pathOrUrl) {
        return SseScenario.get(pathOrUrl);
    }

    /** {@link SseScenario#post(String, String, TextSource)}: a {@code POST} event stream with a body. */
    public static SseScenario ssePost(String pathOrUrl, String contentType, TextSource body) {
        return SseScenario.post(pathOrUrl, contentType, body);
    }

    /** {@link SseScenario#request(String, String)}: an event stream opened with any method. */
    public static SseScenario sseRequest(String method, String pathOrUrl) {
        return SseScenario.request(method, pathOrUrl);
    }

    /** {@link TextSource#constant(String)}: always {@code text}. */
    public static TextSource constantText(String text) {
        return TextSource.constant(text);
    }

    /** {@link TextSource#cycling(List)}: channel {@code c}'s iteration {@code i} gets {@code texts[(c + i) mod n]}. */
    public static TextSource cyclingTexts(List<String> texts) {
        return TextSource.cycling(texts);
    }

    // ---- audio ----

    /** {@link AudioSources#whiteNoise(Duration, int, long)}: seeded white noise, the same every run. */
    public static Audio whiteNoise(Duration length, int sampleRateHz, long seed) {
        return AudioSources.whiteNoise(length, sampleRateHz, seed);
    }

    /** {@link AudioSources#silence(Duration, int)}: digital silence. */
    public static Audio silence(Duration length, int sampleRateHz) {
        return AudioSources.silence(length, sampleRateHz);
    }

    /** {@link AudioSources#tone(Duration, int, double)}: a sine tone. */
    public static Audio tone(Duration length, int sampleRateHz, double frequencyHz) {
        return AudioSources.tone(length, sampleRateHz, frequencyHz);
    }

    /** {@link AudioSources#wav(Path)}: a PCM16 mono WAV file. */
    public static Audio wav(Path file) {
        return AudioSources.wav(file);
    }

    /** {@link AudioSources#looped(Audio, Duration)}: {@code base} repeated to {@code length}. */
    public static Audio looped(Audio base, Duration length) {
        return AudioSources.looped(base, length);
    }

    /** {@link AudioSources#speech(String)}: {@code text} spoken by espeak-ng (which must be installed). */
    public static Audio speech(String text) {
        return AudioSources.speech(text);
    }

    /** {@link AudioSources#speech(String, String)}: {@code text} spoken by espeak-ng in {@code voice}. */
    public static Audio speech(String text, String voice) {
        return AudioSources.speech(text, voice);
    }

    /** {@link Audio#ofPcm16(byte[], int)}: raw little-endian PCM16 mono samples. */
    public static Audio pcm16(byte[] pcm16le, int sampleRateHz) {
        return Audio.ofPcm16(pcm16le, sampleRateHz);
    }

    // ---- targets: the server under test ----

    /** {@link Targets#referenceServer(String...)}: this repository's reference server as a local process. */
    public static ProcessTarget referenceServer(String... extraArgs) {
        return Targets.referenceServer(extraArgs);
    }

    /** {@link Targets#referenceServer(Path, String...)}: the reference server from {@code jar}. */
    public static ProcessTarget referenceServer(Path jar, String... extraArgs) {
        return Targets.referenceServer(jar, extraArgs);
    }

    /** {@link Targets#containerFromDockerfile()}: the reference server's container. */
    public static ContainerTarget referenceServerContainer() {
        return Targets.containerFromDockerfile();
    }

    /** {@link Targets#process(List)}: your server run as {@code command}, with port placeholders. */
    public static ProcessTarget process(List<String> command) {
        return Targets.process(command);
    }

    /** {@link Targets#javaJar(Path, String...)}: {@code java -jar jar args...}. */
    public static ProcessTarget javaJar(Path jar, String... args) {
        return Targets.javaJar(jar, args);
    }

    /** {@link Targets#container(String)}: a container from an image already on the Docker engine. */
    public static ContainerTarget container(String imageName) {
        return Targets.container(imageName);
    }

    /** {@link Targets#containerFromDockerfile(Path, String)}: a container built from {@code dockerfile}. */
    public static ContainerTarget containerFromDockerfile(Path dockerfile, String imageName) {
        return Targets.containerFromDockerfile(dockerfile, imageName);
    }

    /** {@link Targets#external(URI, URI)}: a server already running at these addresses. */
    public static ExternalTarget external(URI grpc, URI http) {
        return Targets.external(grpc, http);
    }

    /** {@link ReadinessProbe#forHttp(String)}: ready when {@code GET pathOrUrl} answers 2xx. */
    public static ReadinessProbe forHttp(String pathOrUrl) {
        return ReadinessProbe.forHttp(pathOrUrl);
    }

    /** {@link ReadinessProbe#forPort(String)}: ready when the endpoint's port accepts a connection. */
    public static ReadinessProbe forPort(String endpointName) {
        return ReadinessProbe.forPort(endpointName);
    }

    // ---- options and plans ----

    /** {@link GrpcOptions#defaults()}: the gRPC drivers' transport settings, to change with {@code with...}. */
    public static GrpcOptions grpcOptions() {
        return GrpcOptions.defaults();
    }

    /** {@link SseOptions#defaults()}: the SSE drivers' transport settings, to change with {@code with...}. */
    public static SseOptions sseOptions() {
        return SseOptions.defaults();
    }

    /** {@link LoadPlan#closed(int)}: {@code channels} channels, each starting its next iteration when one ends. */
    public static LoadPlan closedPlan(int channels) {
        return LoadPlan.closed(channels);
    }

    /** {@link LoadPlan#open(double)}: iterations arriving at {@code arrivalsPerSecond}, whatever the server does. */
    public static LoadPlan openPlan(double arrivalsPerSecond) {
        return LoadPlan.open(arrivalsPerSecond);
    }
}
