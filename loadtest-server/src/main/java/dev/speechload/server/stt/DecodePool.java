package dev.speechload.server.stt;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded decode worker pool and the global backpressure state: buffered audio bytes and
 * pending decodes. Interim decodes are admitted only below both caps; finals always are, so a
 * session under overload loses interim results, never its final one. Thread-safe.
 */
final class DecodePool implements AutoCloseable {

  private final ExecutorService workers;
  private final long maxBufferBytes;
  private final int maxPendingDecodes;
  private final AtomicLong bufferBytes = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();

  DecodePool(int threads, long maxBufferBytes, int maxPendingDecodes) {
    this.maxBufferBytes = maxBufferBytes;
    this.maxPendingDecodes = maxPendingDecodes;
    AtomicInteger ids = new AtomicInteger();
    // Unbounded queue: admission is decided by the pending cap before submit, and finals must
    // never be rejected.
    this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "stt-decode-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Audio bytes arrived and are now held by the server. */
  void addBuffered(long bytes) {
    bufferBytes.addAndGet(bytes);
  }

  /** Held audio bytes were decoded or discarded. */
  void releaseBuffered(long bytes) {
    bufferBytes.addAndGet(-bytes);
  }

  /** True when an interim decode may be queued now: both caps have room. */
  boolean admitsInterim() {
    return bufferBytes.get() <= maxBufferBytes && pending.get() < maxPendingDecodes;
  }

  /** Queues a decode; it counts as pending until it has run. */
  void submit(Runnable decode) {
    pending.incrementAndGet();
    try {
      workers.execute(() -> {
        try {
          decode.run();
        } finally {
          pending.decrementAndGet();
        }
      });
    } catch (RuntimeException rejected) {
      pending.decrementAndGet();
      throw rejected;
    }
  }

  long bufferBytes() {
    return bufferBytes.get();
  }

  int pending() {
    return pending.get();
  }

  /** Interrupts running decodes and drops queued ones. */
  @Override
  public void close() {
    workers.shutdownNow();
  }
}
