package dev.speechload.server.metrics;

/**
 * Parses the text of {@code /proc/<pid>/status} (Linux). Pure function of its input; thread-safe.
 *
 * <p>Only two lines matter here: {@code VmRSS:  123456 kB} and {@code Threads:  42}. The kernel
 * always writes VmRSS in kB (1024 bytes), whatever the unit label suggests.
 */
public final class ProcStatusParser {

    /** The two readings, -1 when the line is missing (kernel threads have no VmRSS). */
    public record Status(long residentMemoryBytes, int threadCount) {}

    private ProcStatusParser() {}

    /**
     * Extracts VmRSS and Threads.
     *
     * @param statusText the whole file text, not null
     * @return the readings; a missing or unparsable line gives -1
     */
    public static Status parse(String statusText) {
        long rssBytes = -1;
        int threads = -1;
        for (String line : statusText.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                long kb = firstNumber(line.substring("VmRSS:".length()));
                rssBytes = kb < 0 ? -1 : kb * 1024;
            } else if (line.startsWith("Threads:")) {
                threads = (int) firstNumber(line.substring("Threads:".length()));
            }
        }
        return new Status(rssBytes, threads);
    }

    private static long firstNumber(String rest) {
        String trimmed = rest.trim();
        int end = 0;
        while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return -1;
        }
        try {
            return Long.parseLong(trimmed.substring(0, end));
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }
}
