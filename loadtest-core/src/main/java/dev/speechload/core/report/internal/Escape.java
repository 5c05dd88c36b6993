package dev.speechload.core.report.internal;

/**
 * Escapes text for HTML/SVG (element content and quoted attribute values) and for GitHub
 * markdown table cells. Every string that came from a test or a server (names, error codes,
 * messages, attributes) passes through here before it is written into markup we build ourselves;
 * Mustache's {@code {{ }}} does the same for template text. Stateless and thread-safe.
 */
public final class Escape {

    private Escape() {}

    /** {@code & < > " '} as entities; null becomes the empty string. */
    public static String html(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(entity);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Text for one cell of a GitHub-flavoured markdown table: HTML-escaped (GitHub renders inline
     * HTML), markdown punctuation backslash-escaped so a name cannot turn into a link, emphasis or
     * a new column, and line breaks folded into spaces.
     */
    public static String markdown(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r', '\n', '\t' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' ->
                    out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
