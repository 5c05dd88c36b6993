package dev.speechload.server.tts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code espeak-ng --stdout} once per chunk and reads the WAV it writes. The text goes in
 * through a temporary file (so a chunk starting with {@code -} is never read as an option), the
 * WAV and the error output go to temporary files, all deleted afterwards. Audio is streamed at
 * espeak-ng's own rate (22,050 Hz for its standard voices). An interrupt (chunk timeout) kills
 * the process. Thread-safe: each call runs its own process.
 */
final class EspeakEngine implements TtsEngine {

    /** The program looked up on the PATH. */
    static final String PROGRAM = "espeak-ng";

    private final Path program;

    private EspeakEngine(Path program) {
        this.program = program;
    }

    /**
     * @return an engine using the {@code espeak-ng} found on the PATH
     * @throws IllegalStateException if {@code espeak-ng} is not on the PATH, saying how to install
     *     it
     */
    static EspeakEngine create() {
        return create(System.getenv("PATH"));
    }

    /** As {@link #create()}, searching the given PATH value (null: nothing found). */
    static EspeakEngine create(String path) {
        return new EspeakEngine(locate(path)
                .orElseThrow(() -> new IllegalStateException(
                        "TTS engine 'espeak' needs the " + PROGRAM + " program, which was not found on the PATH ("
                                + path + "). Install it (Debian/Ubuntu: apt-get install " + PROGRAM
                                + "; Fedora: dnf install " + PROGRAM + "; macOS: brew install " + PROGRAM
                                + ") or use the engine 'synthetic'.")));
    }

    /** The {@code espeak-ng} executable on the PATH, if any. */
    static Optional<Path> locate() {
        return locate(System.getenv("PATH"));
    }

    /** The {@code espeak-ng} executable in one of the PATH value's folders, if any. */
    static Optional<Path> locate(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, PROGRAM);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (RuntimeException e) {
                // an unusable PATH entry: skip it
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return TtsSettings.ENGINE_ESPEAK;
    }

    @Override
    public Pcm synthesize(String text, String voice) throws IOException, InterruptedException {
        Path in = Files.createTempFile("speechload-tts-", ".txt");
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("speechload-tts-", ".wav");
            err = Files.createTempFile("speechload-tts-", ".log");
            Files.writeString(in, text, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(program.toString(), "--stdout", "-b", "1"));
            if (voice != null) {
                command.add("-v");
                command.add(voice);
            }
            command.add("-f");
            command.add(in.toString());
            process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(PROGRAM + " exited with status " + exit + ": "
                        + firstLine(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return WavReader.read(out);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(in);
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        String line = newline < 0 ? trimmed : trimmed.substring(0, newline);
        return line.isEmpty() ? "(no error output)" : line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }
}
