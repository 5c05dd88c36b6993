package dev.speechload.core.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTests {

    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("nested/result.json");
        AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "second".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("second");
        Path tmpDir = file.getParent().resolve(AtomicFiles.TEMPORARY_DIR);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactlyInAnyOrder(file, tmpDir);
        }
        try (Stream<Path> files = Files.list(tmpDir)) {
            assertThat(files).as("only the directory's .gitignore").containsExactly(tmpDir.resolve(".gitignore"));
        }
    }

    @Test
    void writesFilesOthersCanRead() throws IOException {
        Path file = dir.resolve("report.html");
        AtomicFiles.write(file, new byte[] {1, 2, 3});

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
    }
}
