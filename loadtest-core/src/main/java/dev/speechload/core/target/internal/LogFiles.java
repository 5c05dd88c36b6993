package dev.speechload.core.target.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reading the end of a server's log for error messages. Stateless. */
final class LogFiles {

    private static final int TAIL_BYTES = 16 * 1024;

    private LogFiles() {}

    /** The last {@code lines} lines of the file, or a note saying why there are none. */
    static String tail(Path file, int lines) {
        if (file == null) {
            return "(no log)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length == 0) {
                return "(the log " + file + " is empty)";
            }
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "(could not read the log " + file + ": " + e.getMessage() + ")";
        }
    }

    /** A name safe for a file: letters, digits, dot, dash and underscore. */
    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "server" : safe;
    }
}
