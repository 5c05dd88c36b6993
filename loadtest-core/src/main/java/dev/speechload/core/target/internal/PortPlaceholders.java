package dev.speechload.core.target.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port placeholders such as {@code {grpcPort}}: found in texts, and replaced with chosen ports.
 * Any {@code {name}} whose name ends in {@code Port} is one; others are declared explicitly.
 * Immutable; thread-safe.
 */
final class PortPlaceholders {

    static final Pattern IMPLICIT = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*Port)\\}");
    private static final Pattern ANY = Pattern.compile("\\{([^{}]*)\\}");

    private final Map<String, Integer> ports;

    PortPlaceholders(Map<String, Integer> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** Names of implicit placeholders used in {@code texts}, in order of first use. */
    static Set<String> implicitNames(Collection<String> texts) {
        Set<String> names = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher m = IMPLICIT.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Chooses a distinct free loopback port for each name. */
    static PortPlaceholders choose(Set<String> names) {
        Map<String, Integer> chosen = new LinkedHashMap<>();
        var free = LoopbackPorts.distinct(names.size()).iterator();
        for (String name : names) {
            chosen.put(name, free.next());
        }
        return new PortPlaceholders(chosen);
    }

    Map<String, Integer> ports() {
        return ports;
    }

    /** Replaces every known placeholder; leaves other braces alone (commands may need them). */
    String apply(String text) {
        String result = text;
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", Integer.toString(e.getValue()));
        }
        return result;
    }

    /** The first {@code {name}} left in {@code text} after {@link #apply}, or null. */
    static String leftover(String text) {
        Matcher m = ANY.matcher(text);
        return m.find() ? m.group() : null;
    }
}
