package dev.speechload.core.io.internal;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link WriterLockTests}: claims the file named by the first argument,
 * prints "claimed" and holds the claim until its stdin closes.
 */
public final class WriterLockHolderMain {

    private WriterLockHolderMain() {}

    public static void main(String[] args) throws Exception {
        try (WriterLock lock = WriterLock.acquire(Path.of(args[0]), "the holder", "(holder hint)")) {
            System.out.println("claimed");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
    }
}
