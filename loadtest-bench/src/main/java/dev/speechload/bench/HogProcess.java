package dev.speechload.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CpuHog} child process, bounded in time, stopped (by its own PID only) on close.
 * Zero threads means no hog: {@link #start} returns a no-op.
 */
final class HogProcess implements AutoCloseable {

    private final Process process;
    private final int threads;

    private HogProcess(Process process, int threads) {
        this.process = process;
        this.threads = threads;
    }

    /**
     * @param threads    busy threads (0 = none)
     * @param maxSeconds the hog ends by itself after this long, even if nobody closes it
     */
    static HogProcess start(int threads, long maxSeconds) throws IOException {
        if (threads <= 0) {
            return new HogProcess(null, 0);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Xmx32m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CpuHog.class.getName(),
                        Integer.toString(threads),
                        Long.toString(maxSeconds)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        new File(System.getProperty("java.io.tmpdir"), "speechload-cpu-hog.log")))
                .start();
        return new HogProcess(p, threads);
    }

    int threads() {
        return threads;
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
