package dev.speechload.core.baseline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns Jackson's exceptions into one line a person can act on. Not API. */
final class JsonProblems {

    private JsonProblems() {}

    /** "not valid JSON at line 3, column 5: ..." or "wrong type at 'throughput.aggregatePerSecond': ...". */
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String at = "'" + path(m) + "'";
            if (e instanceof ValueInstantiationException && e.getCause() != null) {
                return "invalid value at " + at + ": " + e.getCause().getMessage();
            }
            if (e instanceof InvalidFormatException f) {
                return "wrong value at " + at + ": expected "
                        + f.getTargetType().getSimpleName() + ", found " + f.getValue();
            }
            if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
                return "wrong type at " + at + ": expected " + typeWord(mi.getTargetType()) + location(e.getLocation());
            }
            return "cannot read " + at + ": " + e.getOriginalMessage() + location(e.getLocation());
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return "invalid content: " + e.getCause().getMessage();
        }
        JsonLocation loc = e.getLocation();
        if (e instanceof JsonEOFException && loc != null) {
            // Jackson's own words here quote its internal markers; what a person needs is "cut off".
            return "not valid JSON at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                    + ": the file ends before the JSON is complete (truncated, e.g. cut off while it was written)";
        }
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return "not valid JSON" + where + ": " + firstLine(e.getOriginalMessage());
    }

    private static String location(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0
                ? ""
                : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String typeWord(Class<?> type) {
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return type == boolean.class || type == Boolean.class ? "true or false" : "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return type.getSimpleName();
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
