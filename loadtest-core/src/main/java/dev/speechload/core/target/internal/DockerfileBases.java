package dev.speechload.core.target.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile builds {@code FROM}, with its global {@code ARG} defaults and the given
 * build arguments filled in, so they can be checked before a build that would pull them. Names
 * of earlier stages and {@code scratch} are left out, and so is a {@code FROM} that still holds a
 * variable after filling in (the build reports it then). Stateless.
 */
final class DockerfileBases {

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private DockerfileBases() {}

    static List<String> of(Path dockerfile, Map<String, String> buildArgs) throws IOException {
        return parse(Files.readAllLines(dockerfile), buildArgs);
    }

    static List<String> parse(List<String> lines, Map<String, String> buildArgs) {
        Map<String, String> args = new LinkedHashMap<>();
        Set<String> stages = new HashSet<>();
        List<String> bases = new ArrayList<>();
        boolean beforeFirstFrom = true;
        for (String instruction : instructions(lines)) {
            String[] words = instruction.trim().split("\\s+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("ARG") && beforeFirstFrom && words.length > 1) {
                int eq = words[1].indexOf('=');
                String name = eq < 0 ? words[1] : words[1].substring(0, eq);
                String value = eq < 0 ? null : unquote(words[1].substring(eq + 1));
                args.put(name, buildArgs.getOrDefault(name, value));
            } else if (keyword.equals("FROM")) {
                beforeFirstFrom = false;
                List<String> rest = new ArrayList<>(List.of(words).subList(1, words.length));
                rest.removeIf(w -> w.startsWith("--"));
                if (rest.isEmpty()) {
                    continue;
                }
                String image = fill(rest.get(0), args);
                if (rest.size() >= 3 && rest.get(1).equalsIgnoreCase("AS")) {
                    stages.add(rest.get(2).toLowerCase(Locale.ROOT));
                }
                if (image != null
                        && !image.equalsIgnoreCase("scratch")
                        && !stages.contains(image.toLowerCase(Locale.ROOT))
                        && !bases.contains(image)) {
                    bases.add(image);
                }
            }
        }
        return bases;
    }

    /** Lines joined over trailing backslashes, without comments and blank lines. */
    private static List<String> instructions(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.length() == 0) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            out.add(current.toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    /** {@code text} with ${NAME} and $NAME filled in; null when one has no value. */
    private static String fill(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.get(m.group(1) != null ? m.group(1) : m.group(2));
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        return value.length() >= 2
                        && (value.startsWith("\"") && value.endsWith("\"")
                                || value.startsWith("'") && value.endsWith("'"))
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
