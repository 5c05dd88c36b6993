package dev.speechload.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A busy loop on {@code threads} threads for at most {@code seconds}: the "other work" beside a
 * load test, started as its own process by {@link HogProcess} so it competes for the CPU the way
 * another build would. {@code java -cp benchmarks.jar dev.speechload.bench.CpuHog 1 600}.
 */
public final class CpuHog {

    private static volatile long sink;

    private CpuHog() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: CpuHog <threads 1..64> <seconds 1..86400>");
            System.exit(2);
        }
        int threads = Math.max(1, Math.min(64, Integer.parseInt(args[0])));
        long seconds = Math.max(1, Math.min(86_400, Long.parseLong(args[1])));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> spinning = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(
                    () -> {
                        long x = 0;
                        while (System.nanoTime() < end) {
                            for (int k = 0; k < 100_000; k++) {
                                x = x * 6364136223846793005L + 1442695040888963407L;
                            }
                        }
                        sink = x;
                    },
                    "cpu-hog-" + i);
            t.start();
            spinning.add(t);
        }
        for (Thread t : spinning) {
            t.join();
        }
    }
}
