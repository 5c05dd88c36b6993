package dev.speechload.sse.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.io.internal.Json;
import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import java.io.IOException;

/**
 * Reads the JSON the TTS server puts in events and error bodies: audio sizes without building a
 * tree (the base64 string is only measured, never copied), error codes and messages.
 * Stateless and thread-safe. Not API.
 */
public final class JsonEvents {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private JsonEvents() {}

    /**
     * Audio carried by one event: the {@code samples} field, else the decoded length of the base64
     * {@code pcm16} field / 2; the rate from {@code sample_rate_hz}, else {@code defaultRateHz}.
     *
     * @return {samples, rateHz}
     * @throws StreamProblem (MALFORMED) when the data is not a JSON object or holds no audio size
     */
    public static long[] audio(SseEvent event, int defaultRateHz) throws StreamProblem {
        long samples = -1;
        long base64Samples = -1;
        long rate = defaultRateHz;
        try (JsonParser p = FACTORY.createParser(event.data())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(event, "is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("samples".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    samples = p.getLongValue();
                } else if ("sample_rate_hz".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    rate = p.getLongValue();
                } else if ("pcm16".equals(name) && value == JsonToken.VALUE_STRING) {
                    base64Samples = base64Bytes(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) / 2;
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw malformed(event, "is not a JSON object");
            }
        } catch (IOException e) {
            throw malformed(event, "is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        long n = samples >= 0 ? samples : base64Samples;
        if (n < 0) {
            throw malformed(event, "has neither 'samples' nor 'pcm16'");
        }
        if (rate <= 0) {
            throw malformed(event, "has sample_rate_hz " + rate);
        }
        return new long[] {n, rate};
    }

    /** Checks that {@code event}'s data is one JSON value; returns a problem or null. */
    public static String jsonProblem(SseEvent event) {
        try {
            Json.mapper().readTree(event.data());
            return null;
        } catch (IOException e) {
            return "'" + event.type() + "' event data is not valid JSON (" + firstLine(e.getMessage()) + ")";
        }
    }

    /** A text field of a JSON object's data, or null when absent or not JSON. */
    public static String field(String json, String name) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            JsonNode value = node == null ? null : node.get(name);
            return value == null || !value.isValueNode() ? null : value.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The server's {@code code} and {@code message} from an error body, either
     * {@code {"error": {"code", "message"}}} or {@code {"code", "message"}}.
     *
     * @return {code or null, message or null}
     */
    public static String[] errorBody(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                return new String[2];
            }
            JsonNode error = node.get("error");
            JsonNode holder = error != null && error.isObject() ? error : node;
            return new String[] {text(holder.get("code")), text(holder.get("message"))};
        } catch (IOException | RuntimeException e) {
            return new String[2];
        }
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.asText().isBlank() ? null : node.asText();
    }

    static long base64Bytes(char[] chars, int offset, int length) {
        int padding = 0;
        for (int i = offset + length - 1; i >= offset && chars[i] == '='; i--) {
            padding++;
        }
        return (long) length * 3 / 4 - padding;
    }

    private static StreamProblem malformed(SseEvent event, String what) {
        return new StreamProblem(
                SseErrorKind.MALFORMED,
                "'" + event.type() + "' event" + (event.id() == null ? "" : " id " + event.id()) + " data " + what);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
