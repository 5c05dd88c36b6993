package dev.speechload.server.fault;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Retains a block of memory per request, forever. Thread-safe.
 *
 * <p>Blocks are direct (off-heap) buffers and every page is written: a heap array could land
 * on pages the JVM already holds from earlier garbage, leaving RSS flat, and an untouched
 * allocation is not resident at all. Direct buffers take fresh pages from the C allocator,
 * so the process's RSS rises by about the leaked amount, as a real native leak would.
 */
final class MemoryLeak {

    private static final int PAGE_BYTES = 4096;

    private final long bytesPerRequest;
    private final List<ByteBuffer> retained = new ArrayList<>();
    private long leakedBytes;

    MemoryLeak(long bytesPerRequest) {
        this.bytesPerRequest = bytesPerRequest;
    }

    /** Leaks one more block (no-op when off). */
    void leak() {
        if (bytesPerRequest <= 0) {
            return;
        }
        long remaining = bytesPerRequest;
        List<ByteBuffer> blocks = new ArrayList<>();
        while (remaining > 0) {
            int size = (int) Math.min(remaining, 64L * 1024 * 1024);
            ByteBuffer block = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i += PAGE_BYTES) {
                block.put(i, (byte) 1);
            }
            blocks.add(block);
            remaining -= size;
        }
        synchronized (this) {
            retained.addAll(blocks);
            leakedBytes += bytesPerRequest;
        }
    }

    synchronized long leakedBytes() {
        return leakedBytes;
    }
}
