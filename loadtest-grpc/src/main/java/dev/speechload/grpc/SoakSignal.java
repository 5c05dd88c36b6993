package dev.speechload.grpc;

/** What a soak session streams: audio that keeps a server busy without ever ending an utterance. */
public enum SoakSignal {
    /** Seeded white noise at 30 % of full scale: the decoder works on every chunk. */
    NOISE,
    /** Digital silence: exercises buffering and voice-activity paths. */
    SILENCE
}
