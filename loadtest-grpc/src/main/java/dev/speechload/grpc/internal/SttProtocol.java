package dev.speechload.grpc.internal;

import com.google.protobuf.ByteString;
import dev.speechload.grpc.Audio;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.DecodeTiming;
import dev.speechload.proto.stt.v1.RecognitionConfig;
import dev.speechload.proto.stt.v1.RecognitionResult;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import dev.speechload.proto.stt.v1.StreamingRecognizeResponse;
import java.util.Map;

/**
 * The speechload STT contract ({@code speech.proto}) for the stream driver: the request script
 * (config, then audio chunks with {@code last} on the final one) and the response inspector.
 * Not API.
 */
public final class SttProtocol {

    private SttProtocol() {}

    /** Chunked audio paced at {@code speed} x real time; chunks prebuilt unless the audio loops. */
    public static RequestScript<StreamingRecognizeRequest> script(
            Audio audio,
            long chunkMillis,
            double speed,
            String language,
            boolean partials,
            Map<String, String> attributes) {
        RecognitionConfig config = RecognitionConfig.newBuilder()
                .setSampleRateHz(audio.sampleRateHz())
                .setLanguage(language)
                .setPartials(partials)
                .putAllAttributes(attributes)
                .build();
        return new Script(
                audio,
                chunkMillis,
                speed,
                StreamingRecognizeRequest.newBuilder().setConfig(config).build());
    }

    private static final class Script implements RequestScript<StreamingRecognizeRequest> {
        /** Audio longer than this is chunked on the fly instead of held as prebuilt requests. */
        private static final long PREBUILD_LIMIT_SAMPLES = 48_000L * 600;

        private final Audio audio;
        private final int chunkSamples;
        private final int chunks;
        private final long chunkNanos;
        private final double speed;
        private final StreamingRecognizeRequest config;
        private final StreamingRecognizeRequest[] prebuilt;

        Script(Audio audio, long chunkMillis, double speed, StreamingRecognizeRequest config) {
            this.audio = audio;
            this.chunkSamples = (int) Math.max(1, audio.sampleRateHz() * chunkMillis / 1000);
            this.chunks = (int) ((audio.sampleCount() + chunkSamples - 1) / chunkSamples);
            this.chunkNanos = chunkSamples * 1_000_000_000L / audio.sampleRateHz();
            this.speed = speed;
            this.config = config;
            if (audio.sampleCount() <= PREBUILD_LIMIT_SAMPLES) {
                prebuilt = new StreamingRecognizeRequest[chunks];
                for (int i = 0; i < chunks; i++) {
                    prebuilt[i] = chunk(i);
                }
            } else {
                prebuilt = null;
            }
        }

        private StreamingRecognizeRequest chunk(int index) {
            long from = (long) index * chunkSamples;
            int n = (int) Math.min(chunkSamples, audio.sampleCount() - from);
            byte[] pcm = new byte[n * 2];
            audio.copySamples(from, n, pcm, 0);
            return StreamingRecognizeRequest.newBuilder()
                    .setAudio(AudioChunk.newBuilder()
                            .setPcm16(ByteString.copyFrom(pcm))
                            .setLast(index == chunks - 1))
                    .build();
        }

        @Override
        public int size() {
            return chunks + 1;
        }

        @Override
        public StreamingRecognizeRequest request(int index) {
            if (index == 0) {
                return config;
            }
            return prebuilt != null ? prebuilt[index - 1] : chunk(index - 1);
        }

        @Override
        public long offsetNanos(int index) {
            return index <= 1 ? 0 : (long) ((index - 1) * chunkNanos / speed);
        }

        @Override
        public long mediaEndMillis(int index) {
            if (index == 0) {
                return 0;
            }
            long samples = Math.min((long) index * chunkSamples, audio.sampleCount());
            // Rounded up, so a server reporting the exact end of the audio sent is never "ahead".
            return (samples * 1000 + audio.sampleRateHz() - 1) / audio.sampleRateHz();
        }
    }

    /** Reads {@code StreamingRecognizeResponse}s. */
    public static final ResponseInspector<StreamingRecognizeResponse> INSPECTOR = new ResponseInspector<>() {
        @Override
        public boolean isFinal(StreamingRecognizeResponse r) {
            return r.hasResult() && r.getResult().getIsFinal();
        }

        @Override
        public boolean isInterim(StreamingRecognizeResponse r) {
            return r.hasResult() && !r.getResult().getIsFinal();
        }

        @Override
        public long coveredUntilMillis(StreamingRecognizeResponse r) {
            return r.hasResult() ? r.getResult().getAudioEndMs() : -1;
        }

        @Override
        public long sequence(StreamingRecognizeResponse r) {
            return r.hasResult() ? r.getResult().getSequence() : -1;
        }

        @Override
        public String malformation(StreamingRecognizeResponse r) {
            if (!r.hasResult()) {
                return "a response without a result";
            }
            RecognitionResult result = r.getResult();
            if (result.getAudioStartMs() < 0) {
                return "audio_start_ms is negative (" + result.getAudioStartMs() + ")";
            }
            if (result.getAudioEndMs() < result.getAudioStartMs()) {
                return "audio_end_ms " + result.getAudioEndMs() + " is before audio_start_ms "
                        + result.getAudioStartMs();
            }
            if (result.getSequence() < 0) {
                return "sequence is negative (" + result.getSequence() + ")";
            }
            return null;
        }

        @Override
        public boolean timing(StreamingRecognizeResponse r, long[] micros) {
            if (!r.hasResult() || !r.getResult().hasTiming()) {
                return false;
            }
            DecodeTiming t = r.getResult().getTiming();
            micros[0] = t.getBufferWaitUs();
            micros[1] = t.getQueueWaitUs();
            micros[2] = t.getInferenceUs();
            micros[3] = t.getResponseEmitUs();
            micros[4] = t.getTotalUs();
            return true;
        }

        @Override
        public String text(StreamingRecognizeResponse r) {
            return r.hasResult() ? r.getResult().getTranscript() : null;
        }
    };
}
