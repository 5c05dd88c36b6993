package dev.speechload.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code --name value} options of a report program, checked against the names it accepts.
 * Immutable after parsing; not thread-safe to build.
 */
final class Args {

    private final String program;
    private final Map<String, String> values;

    private Args(String program, Map<String, String> values) {
        this.program = program;
        this.values = values;
    }

    /**
     * Parses {@code args}; every name must be one of {@code defaults}' keys.
     *
     * @throws IllegalArgumentException naming the option and listing the accepted ones
     */
    static Args parse(String program, String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !defaults.containsKey(name.substring(2))) {
                throw new IllegalArgumentException(program + ": unknown option '" + name + "'; accepted: --"
                        + String.join(" --", new TreeSet<>(defaults.keySet())) + " (each followed by a value)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(program + ": option '" + name + "' needs a value");
            }
            values.put(name.substring(2), args[++i]);
        }
        return new Args(program, values);
    }

    /** The option as given, e.g. a heap size such as {@code 1g}; never blank. */
    String text(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(program + ": --" + name + " must not be blank");
        }
        return v.trim();
    }

    /** The option as an int, within {@code [min, max]}. */
    int intValue(String name, int min, int max) {
        long v = longValue(name, min, max);
        return (int) v;
    }

    /** The option as a long, within {@code [min, max]}. */
    long longValue(String name, long min, long max) {
        String text = values.get(name);
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a whole number, was '" + text + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    program + ": --" + name + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    /** The option as a positive double, at most {@code max}. */
    double positiveDouble(String name, double max) {
        String text = values.get(name);
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a number, was '" + text + "'");
        }
        if (!(v > 0 && v <= max)) {
            throw new IllegalArgumentException(program + ": --" + name + " must be > 0 and <= " + max + ", was " + v);
        }
        return v;
    }
}
