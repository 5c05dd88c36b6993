package dev.speechload.core.io.internal;

/**
 * The one rule that turns a test name into a file name, shared by results, reports and
 * baselines so {@code results/<stem>.json}, {@code results/<stem>.html}, the index's links and
 * {@code baselines/<stem>.json} always agree. Stateless and thread-safe.
 */
public final class FileNames {

    /** Longest stem, in characters; longer names are cut (file systems allow 255 bytes). */
    public static final int MAX_STEM_LENGTH = 200;

    private FileNames() {}

    /**
     * The file name stem of a test: letters, digits, '.', '_' and '-' kept, anything else
     * (slashes, spaces, brackets) replaced by '_', so no name can leave its directory or need
     * escaping in a link. At most {@value #MAX_STEM_LENGTH} characters; never starts with '.'.
     * {@code "SttTests.steadyLoad"} stays as it is; null or empty gives {@code "_"}.
     */
    public static String stem(String testName) {
        if (testName == null || testName.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(Math.min(testName.length(), MAX_STEM_LENGTH));
        for (int i = 0; i < testName.length() && out.length() < MAX_STEM_LENGTH; i++) {
            char c = testName.charAt(i);
            boolean safe = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '-';
            out.append(safe ? c : '_');
        }
        if (out.charAt(0) == '.') {
            out.setCharAt(0, '_');
        }
        return out.toString();
    }
}
