package dev.speechload.core.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTests {

    @TempDir
    Path dir;

    @Test
    void refusesASecondWriterInAnotherProcessNamingItsPid() throws Exception {
        Path file = dir.resolve("results/SttTests.steady.json");
        Process holder = startHolder(file);
        try {

            assertThatThrownBy(() -> WriterLock.acquire(file, "the second run", "Use another directory."))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            file + " is being written by another run: the holder (pid " + holder.pid() + " on ")
                    .hasMessageEndingWith(". Two runs writing one file would overwrite each other's results (lock "
                            + dir.resolve("results/.speechload-tmp/SttTests.steady.json.lock")
                            + "). Use another directory.");

            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS))
                    .as("the holder ends when its stdin closes")
                    .isTrue();
            try (WriterLock lock = WriterLock.acquire(file, "the second run", "")) {
                assertThat(Files.readString(lock.lockFile()))
                        .as("the lock file names its holder for the next one")
                        .startsWith(
                                "the second run (pid " + ProcessHandle.current().pid() + " on ");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aKilledHolderBlocksNobody() throws Exception {
        Path file = dir.resolve("Foo.bar.json");
        Process holder = startHolder(file);
        try {
            holder.destroyForcibly(); // SIGKILL: no finally block of the holder runs
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();

            try (WriterLock lock = WriterLock.acquire(file, "the next run", "")) {
                assertThat(lock.lockFile()).exists();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void refusesASecondWriterInThisJvmAndKeepsTheFirstClaim() throws IOException {
        Path file = dir.resolve("Foo.bar.json");
        try (WriterLock first = WriterLock.acquire(file, "the first", "")) {
            assertThatThrownBy(() -> WriterLock.acquire(file, "the second", "Wait."))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(file + " is being written by another run: the first (pid "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("), in this JVM. Two runs writing one file")
                    .hasMessageEndingWith("). Wait.");
            // the refused claim must not have released the first one's OS lock
            assertThatThrownBy(() -> WriterLock.acquire(file, "the third", ""))
                    .isInstanceOf(IllegalStateException.class);
        }
        try (WriterLock again = WriterLock.acquire(file, "the fourth", "")) {
            assertThat(again.lockFile().getFileName().toString()).isEqualTo("Foo.bar.json.lock");
        }
    }

    @Test
    void claimsOfDifferentFilesDoNotConflictAndClosingTwiceIsHarmless() throws IOException {
        WriterLock a = WriterLock.acquire(dir.resolve("A.x.json"), "a", "");
        WriterLock b = WriterLock.acquire(dir.resolve("B.x.json"), "b", "");
        a.close();
        a.close();
        b.close();
    }

    /** Starts {@link WriterLockHolderMain} in another JVM and returns once it holds its claim on {@code file}. */
    private static Process startHolder(Path file) throws IOException {
        Process holder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WriterLockHolderMain.class.getName(),
                        file.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"claimed".equals(line)) {
            holder.destroyForcibly();
            throw new IllegalStateException("the holder JVM said " + line + " instead of 'claimed'");
        }
        return holder;
    }
}
