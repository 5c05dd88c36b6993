package dev.speechload.suites.regression;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Other work on the machine: a separate JVM whose threads spin, each on a core, bounded in time
 * (it ends by itself after {@code maxTime} even if nobody stops it), stopped by its own PID on
 * {@link #close()}. The way a neighbour build loads a shared CI runner.
 */
final class CpuHog implements AutoCloseable {

    private final Process process;

    private CpuHog(Process process) {
        this.process = process;
    }

    /** Starts {@code threads} busy threads in a child JVM. */
    static CpuHog start(int threads, Duration maxTime) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Spin.class.getName(),
                Integer.toString(threads),
                Long.toString(Math.max(1, maxTime.toSeconds()))));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        new File(System.getProperty("java.io.tmpdir"), "speechload-cpu-hog.log")))
                .start();
        return new CpuHog(p);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The child's main: {@code <threads> <seconds>}. */
    static final class Spin {
        private static volatile long sink;

        public static void main(String[] args) throws InterruptedException {
            int threads = Integer.parseInt(args[0]);
            long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
            List<Thread> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    long x = 1;
                    while (System.nanoTime() < end) {
                        for (int k = 0; k < 100_000; k++) {
                            x = x * 6364136223846793005L + 1442695040888963407L;
                        }
                    }
                    sink = x;
                });
                t.start();
                all.add(t);
            }
            for (Thread t : all) {
                t.join();
            }
        }
    }
}
