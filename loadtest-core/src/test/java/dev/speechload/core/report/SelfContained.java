package dev.speechload.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references in an HTML page that a browser would fetch from outside the file: src, href,
 * xlink:href, srcset, poster and action attributes, and CSS url(...) and @import. A reference is
 * external when it has a scheme other than data: or a fragment, or starts with "//". Relative
 * links to sibling files (index to test pages) are navigations, not loads, and are allowed.
 */
final class SelfContained {

    private static final Pattern ATTRIBUTE = Pattern.compile(
            "\\b(?:src|href|xlink:href|srcset|poster|action|data)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_URL =
            Pattern.compile("url\\(\\s*(['\"]?)([^)'\"]*)\\1\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMPORT = Pattern.compile("@import", Pattern.CASE_INSENSITIVE);

    private SelfContained() {}

    static List<String> externalReferences(String html) {
        List<String> found = new ArrayList<>();
        Matcher attribute = ATTRIBUTE.matcher(html);
        while (attribute.find()) {
            String value = attribute.group(1).replaceAll("^[\"']|[\"']$", "").trim();
            if (external(value)) {
                found.add(attribute.group());
            }
        }
        Matcher url = CSS_URL.matcher(html);
        while (url.find()) {
            if (external(url.group(2).trim())) {
                found.add(url.group());
            }
        }
        Matcher imports = IMPORT.matcher(html);
        while (imports.find()) {
            found.add("@import");
        }
        return found;
    }

    private static boolean external(String value) {
        String v = value.toLowerCase();
        if (v.startsWith("//") || v.startsWith("\\\\")) {
            return true;
        }
        int colon = v.indexOf(':');
        int slash = v.indexOf('/');
        boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
        return hasScheme && !v.startsWith("data:") && !v.startsWith("#");
    }
}
