package dev.speechload;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.result.RunResult;
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
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Speechload, the static entry point")
class SpeechloadTests {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Path JAR = Path.of("server.jar");
    private static final Function<Channel, Function<StreamObserver<String>, StreamObserver<String>>> STREAM =
            channel -> responses -> null;
    private static final Function<Channel, BiConsumer<String, StreamObserver<String>>> CALL =
            channel -> (request, responses) -> {};
    private static final Function<Iteration, String> REQUEST = iteration -> "ping";
    private static final TimedRequest.ChunkEncoder<String> ENCODER = (pcm16, index, last) -> index + ":" + last;

    @TempDir
    Path dir;

    /**
     * Each method of the entry point (by name and parameter types) beside a call of the factory its
     * javadoc names, with the same arguments.
     */
    private Map<String, Pair> pairs() {
        Audio noise = AudioSources.whiteNoise(SECOND, 16_000, 7);
        TextSource texts = TextSource.constant("hello");
        Map<String, Pair> pairs = new LinkedHashMap<>();
        pairs.put("stt(Audio)", pair(() -> Speechload.stt(noise), () -> SttScenario.create(noise)));
        pairs.put(
                "sttSoak(SoakSignal,Duration)",
                pair(
                        () -> Speechload.sttSoak(SoakSignal.NOISE, SECOND),
                        () -> SttScenario.soak(SoakSignal.NOISE, SECOND)));
        pairs.put(
                "grpcStream(Function)",
                pair(() -> Speechload.grpcStream(STREAM), () -> GrpcStreamScenario.create(STREAM)));
        pairs.put(
                "grpcConversation(Function)",
                pair(() -> Speechload.grpcConversation(STREAM), () -> GrpcConversationScenario.create(STREAM)));
        pairs.put(
                "grpcUnary(Function,Function)",
                pair(() -> Speechload.grpcUnary(CALL, REQUEST), () -> GrpcCallScenario.unary(CALL, REQUEST)));
        pairs.put(
                "grpcServerStreaming(Function,Function)",
                pair(
                        () -> Speechload.grpcServerStreaming(CALL, REQUEST),
                        () -> GrpcCallScenario.serverStreaming(CALL, REQUEST)));
        Function<Iteration, List<String>> requests = iteration -> List.of("a", "b");
        pairs.put(
                "grpcClientStreaming(Function,Function)",
                pair(
                        () -> Speechload.grpcClientStreaming(STREAM, requests),
                        () -> GrpcCallScenario.clientStreaming(STREAM, requests)));
        pairs.put("requestNow(Object)", pair(() -> Speechload.requestNow("config"), () -> TimedRequest.now("config")));
        pairs.put(
                "requestAt(Duration,Object)",
                pair(() -> Speechload.requestAt(SECOND, "stop"), () -> TimedRequest.at(SECOND, "stop")));
        pairs.put(
                "audioChunks(Audio,Duration,double,ChunkEncoder)",
                pair(
                        () -> Speechload.audioChunks(noise, Duration.ofMillis(100), 2.0, ENCODER),
                        () -> TimedRequest.audioChunks(noise, Duration.ofMillis(100), 2.0, ENCODER)));
        pairs.put(
                "sessionLogToStdout(int)",
                pair(() -> Speechload.sessionLogToStdout(3), () -> SessionLogging.toStdout(3)));
        pairs.put(
                "sessionLogToFile(Path)",
                pair(
                        () -> Speechload.sessionLogToFile(dir.resolve("s.jsonl")),
                        () -> SessionLogging.toFile(dir.resolve("s.jsonl"))));
        pairs.put("tts(String)", pair(() -> Speechload.tts("hello"), () -> TtsScenario.create("hello")));
        pairs.put(
                "tts(List)",
                pair(() -> Speechload.tts(List.of("a", "b")), () -> TtsScenario.create(List.of("a", "b"))));
        pairs.put("tts(TextSource)", pair(() -> Speechload.tts(texts), () -> TtsScenario.create(texts)));
        pairs.put("sse(String)", pair(() -> Speechload.sse("/events"), () -> SseScenario.get("/events")));
        pairs.put(
                "ssePost(String,String,TextSource)",
                pair(
                        () -> Speechload.ssePost("/v1/tts", "text/plain", texts),
                        () -> SseScenario.post("/v1/tts", "text/plain", texts)));
        pairs.put(
                "sseRequest(String,String)",
                pair(() -> Speechload.sseRequest("PUT", "/events"), () -> SseScenario.request("PUT", "/events")));
        pairs.put(
                "constantText(String)",
                pair(
                        () -> Speechload.constantText("hi").text(3, 4),
                        () -> TextSource.constant("hi").text(3, 4)));
        pairs.put(
                "cyclingTexts(List)",
                pair(
                        () -> Speechload.cyclingTexts(List.of("a", "b", "c")).text(1, 4),
                        () -> TextSource.cycling(List.of("a", "b", "c")).text(1, 4)));
        pairs.put(
                "whiteNoise(Duration,int,long)",
                pair(() -> Speechload.whiteNoise(SECOND, 8_000, 3), () -> AudioSources.whiteNoise(SECOND, 8_000, 3)));
        pairs.put(
                "silence(Duration,int)",
                pair(() -> Speechload.silence(SECOND, 8_000), () -> AudioSources.silence(SECOND, 8_000)));
        pairs.put(
                "tone(Duration,int,double)",
                pair(() -> Speechload.tone(SECOND, 8_000, 440), () -> AudioSources.tone(SECOND, 8_000, 440)));
        pairs.put("wav(Path)", pair(() -> Speechload.wav(wavFile(noise)), () -> AudioSources.wav(wavFile(noise))));
        pairs.put(
                "looped(Audio,Duration)",
                pair(
                        () -> Speechload.looped(noise, Duration.ofSeconds(3)),
                        () -> AudioSources.looped(noise, Duration.ofSeconds(3))));
        // espeak-ng may be missing: then both throw, and the pair compares the exceptions.
        pairs.put("speech(String)", pair(() -> Speechload.speech("hello"), () -> AudioSources.speech("hello")));
        pairs.put(
                "speech(String,String)",
                pair(() -> Speechload.speech("hallo", "de"), () -> AudioSources.speech("hallo", "de")));
        byte[] pcm = {1, 0, 2, 0, 3, 0};
        pairs.put("pcm16(byte[],int)", pair(() -> Speechload.pcm16(pcm, 8_000), () -> Audio.ofPcm16(pcm, 8_000)));
        pairs.put(
                "referenceServer(String[])",
                pair(
                        () -> Speechload.referenceServer("--fault-stall-ms", "400"),
                        () -> Targets.referenceServer("--fault-stall-ms", "400")));
        pairs.put(
                "referenceServer(Path,String[])",
                pair(() -> Speechload.referenceServer(JAR, "--x"), () -> Targets.referenceServer(JAR, "--x")));
        pairs.put(
                "referenceServerContainer()",
                pair(Speechload::referenceServerContainer, Targets::containerFromDockerfile));
        pairs.put(
                "process(List)",
                pair(
                        () -> Speechload.process(List.of("./server", "--port", "{grpcPort}")),
                        () -> Targets.process(List.of("./server", "--port", "{grpcPort}"))));
        pairs.put(
                "javaJar(Path,String[])",
                pair(() -> Speechload.javaJar(JAR, "--a"), () -> Targets.javaJar(JAR, "--a")));
        pairs.put(
                "container(String)",
                pair(() -> Speechload.container("my/server:1"), () -> Targets.container("my/server:1")));
        pairs.put(
                "containerFromDockerfile(Path,String)",
                pair(
                        () -> Speechload.containerFromDockerfile(dir.resolve("Dockerfile"), "my/server:dev"),
                        () -> Targets.containerFromDockerfile(dir.resolve("Dockerfile"), "my/server:dev")));
        URI grpc = URI.create("grpc://127.0.0.1:50051");
        URI http = URI.create("http://127.0.0.1:8080");
        pairs.put("external(URI,URI)", pair(() -> Speechload.external(grpc, http), () -> Targets.external(grpc, http)));
        pairs.put(
                "forHttp(String)", pair(() -> Speechload.forHttp("/health"), () -> ReadinessProbe.forHttp("/health")));
        pairs.put("forPort(String)", pair(() -> Speechload.forPort("grpc"), () -> ReadinessProbe.forPort("grpc")));
        pairs.put("grpcOptions()", pair(Speechload::grpcOptions, GrpcOptions::defaults));
        pairs.put("sseOptions()", pair(Speechload::sseOptions, SseOptions::defaults));
        pairs.put("closedPlan(int)", pair(() -> Speechload.closedPlan(5), () -> LoadPlan.closed(5)));
        pairs.put("openPlan(double)", pair(() -> Speechload.openPlan(12.5), () -> LoadPlan.open(12.5)));
        return pairs;
    }

    @Test
    void everyMethodReturnsWhatItsFactoryReturns() {
        pairs().forEach((method, pair) -> pair.check(method));
    }

    @Test
    void everyPublicMethodIsComparedWithItsFactory() {
        Set<String> offered = Arrays.stream(Speechload.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(SpeechloadTests::signature)
                .collect(Collectors.toSet());
        Set<String> compared = pairs().keySet();
        // sessionLogBesideResult needs a running test's LoadContext; the architecture test covers it.
        assertThat(offered)
                .containsExactlyInAnyOrderElementsOf(concat(compared, "sessionLogBesideResult(LoadContext)"));
    }

    @Test
    void namesTheMetricsAsTheEngineAndTheSttDriverDo() {
        assertThat(List.of(
                        Speechload.SERVICE_TIME,
                        Speechload.RESPONSE_TIME,
                        Speechload.TIME_TO_FIRST_EVENT,
                        Speechload.STT_FINAL_LATENCY,
                        Speechload.STT_INTERIM_LATENCY))
                .containsExactly(
                        RunResult.SERVICE_TIME,
                        RunResult.RESPONSE_TIME,
                        RunResult.TIME_TO_FIRST_EVENT,
                        SttScenario.FINAL_LATENCY,
                        SttScenario.INTERIM_LATENCY);
    }

    /** No logic of its own: each method makes one call, to a public static factory of ours, and returns it. */
    @Test
    void everyMethodOnlyCallsOneFactoryOfCoreOrADriver() {
        JavaClass entry = new ClassFileImporter().importClass(Speechload.class);
        for (JavaMethod method : entry.getMethods()) {
            if (!method.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            Set<JavaMethodCall> calls = method.getMethodCallsFromSelf();
            assertThat(calls).as("calls made by %s", method.getFullName()).hasSize(1);
            JavaMethodCall call = calls.iterator().next();
            String owner = call.getTargetOwner().getPackageName();
            assertThat(owner)
                    .as("package of the factory %s calls", method.getName())
                    .matches("dev\\.speechload\\.(core\\.[a-z]+|grpc|sse)");
            assertThat(call.getTarget().resolveMember())
                    .as("the factory %s calls", method.getName())
                    .hasValueSatisfying(target ->
                            assertThat(target.getModifiers()).contains(JavaModifier.PUBLIC, JavaModifier.STATIC));
            assertThat(method.getRawReturnType())
                    .as("what %s returns", method.getName())
                    .isEqualTo(call.getTarget().getRawReturnType());
        }
        assertThat(entry.getFields())
                .as("fields: only the metric names")
                .allSatisfy(field -> assertThat(field.getModifiers())
                        .contains(JavaModifier.PUBLIC, JavaModifier.STATIC, JavaModifier.FINAL));
    }

    private Path wavFile(Audio audio) {
        Path file = dir.resolve("noise.wav");
        try {
            AudioSources.writeWav(audio, file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private static String signature(Method m) {
        return m.getName()
                + Arrays.stream(m.getParameterTypes())
                        .map(type ->
                                type.isArray() ? type.getComponentType().getSimpleName() + "[]" : type.getSimpleName())
                        .collect(Collectors.joining(",", "(", ")"));
    }

    private static Set<String> concat(Set<String> names, String more) {
        Set<String> all = new java.util.HashSet<>(names);
        all.add(more);
        return all;
    }

    private static Pair pair(Supplier<?> entry, Supplier<?> factory) {
        return new Pair(entry, factory);
    }

    /** One entry-point call and its factory's; equal when of one class with equal fields, or both fail alike. */
    private record Pair(Supplier<?> entry, Supplier<?> factory) {
        void check(String method) {
            Object expected = outcome(factory);
            Object actual = outcome(entry);
            if (expected instanceof Throwable thrown) {
                assertThat(actual).as("%s fails as its factory does", method).isInstanceOf(thrown.getClass());
                assertThat(((Throwable) actual).getMessage())
                        .as("%s: message", method)
                        .isEqualTo(thrown.getMessage());
                return;
            }
            assertThat(actual).as("%s: type", method).hasSameClassAs(expected);
            assertThat(actual)
                    .as("%s: settings", method)
                    .usingRecursiveComparison()
                    .isEqualTo(expected);
        }

        private static Object outcome(Supplier<?> call) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                return e;
            }
        }
    }
}
