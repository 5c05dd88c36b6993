package dev.speechload.core.sample.internal;

import java.io.IOException;

/**
 * Parses the two lines of {@code /proc/PID/status} speechload needs. Pure; thread-safe.
 *
 * @param memoryRssBytes VmRSS in bytes, -1 when the line is missing (kernel threads, zombies)
 * @param threadCount    Threads, -1 when the line is missing
 */
public record ProcStatus(long memoryRssBytes, long threadCount) {

    /**
     * Parses status text.
     *
     * @param source names the text in errors, e.g. {@code /proc/123/status}
     * @throws IOException when a VmRSS or Threads line has no number where one belongs
     */
    public static ProcStatus parse(String source, String text) throws IOException {
        long rss = -1;
        long threads = -1;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("VmRSS:")) {
                // The kernel always prints VmRSS in kB meaning KiB (1024 bytes).
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                rss = number(source, i + 1, line, parts[0]) * 1024L;
                if (parts.length > 1 && !parts[1].equals("kB")) {
                    throw malformed(source, i + 1, line, "unit 'kB'");
                }
            } else if (line.startsWith("Threads:")) {
                threads = number(
                        source, i + 1, line, line.substring("Threads:".length()).trim());
            }
        }
        return new ProcStatus(rss, threads);
    }

    private static long number(String source, int lineNumber, String line, String token) throws IOException {
        try {
            long value = Long.parseLong(token);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw malformed(source, lineNumber, line, "a number >= 0");
    }

    private static IOException malformed(String source, int lineNumber, String line, String expected) {
        return new IOException(source + " line " + lineNumber + ": expected " + expected + ", saw '" + line + "'");
    }
}
