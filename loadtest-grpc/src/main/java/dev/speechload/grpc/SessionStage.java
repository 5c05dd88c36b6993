package dev.speechload.grpc;

import java.util.Locale;

/**
 * Where a session was when it failed, judged from the client's side: what it had done so far.
 * Reported in session logs and counted as {@code <prefix>.failed_at.<label>}.
 */
public enum SessionStage {
    /**
     * Nothing came from the server: the stream never became ready and ended UNAVAILABLE (refused,
     * unreachable, TLS, a server that died before answering), or timed out so.
     */
    CONNECT,
    /** The stream was open and the config written, but no audio yet. */
    CONFIG,
    /** Audio (or later requests) were being sent. */
    SEND,
    /** Everything was sent; waiting for the final result and the end of the stream. */
    FINAL;

    /** Lower-case label used in logs and counter names: connect, config, send, final. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
