package dev.speechload.sse.stress;

/** How one stress request ended. */
public enum RequestStatus {
    /** The stream ended with its {@code done} event. */
    OK,
    /** The server refused the text (HTTP error) or failed the stream (error event, reset, malformed data...). */
    ERROR,
    /** No end within the request timeout, or nothing arrived within the read timeout (a hang). */
    TIMEOUT,
    /** The server went away: the connection was refused (or reset and then refused) after it had been up. */
    CRASH
}
