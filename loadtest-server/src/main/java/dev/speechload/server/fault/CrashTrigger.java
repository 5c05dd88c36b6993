package dev.speechload.server.fault;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts the process abruptly once more than N requests arrived, like a native crash or an
 * OOM kill: no shutdown hooks, no graceful drain, exit status 137 (128 + SIGKILL's 9), the
 * status a launcher sees when the kernel kills the server. Thread-safe.
 */
final class CrashTrigger {

    /** Exit status of the crash, the same as a process killed by SIGKILL. */
    static final int EXIT_STATUS = 137;

    private static final Logger LOG = LoggerFactory.getLogger(CrashTrigger.class);

    private final long after;
    private final IntConsumer halt;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param after requests accepted before the crash; 0 = never crash
     * @param halt what stops the process; {@code Runtime.getRuntime()::halt} in production
     */
    CrashTrigger(long after, IntConsumer halt) {
        this.after = after;
        this.halt = halt;
    }

    /** Counts one request and halts when it is request number {@code after + 1}. */
    void onRequest() {
        if (after <= 0) {
            return;
        }
        long n = requests.incrementAndGet();
        if (n <= after) {
            return;
        }
        LOG.error("fault: crash after {} requests: halting with exit status {}", after, EXIT_STATUS);
        System.out.flush();
        System.err.flush();
        halt.accept(EXIT_STATUS);
    }
}
