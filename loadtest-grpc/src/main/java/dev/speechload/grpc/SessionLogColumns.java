package dev.speechload.grpc;

/**
 * Which optional columns a session log has: they follow the scenario, so a log of a service that
 * sends no audio has no {@code audio_ms} or {@code rtf} column, and one whose responses carry no
 * decode timing no {@code decode_*} columns. Every other column is always there.
 *
 * @param audio  {@code audio_ms} and {@code rtf} (the STT scenario, or a generic one whose media is audio)
 * @param decode the five {@code decode_*} columns (the STT scenario: the server's DecodeTiming)
 */
public record SessionLogColumns(boolean audio, boolean decode) {

    /** Every column: what {@link SttScenario} writes. */
    public static final SessionLogColumns ALL = new SessionLogColumns(true, true);

    /** No audio or decode columns: a generic gRPC scenario's default. */
    public static final SessionLogColumns GENERIC = new SessionLogColumns(false, false);
}
