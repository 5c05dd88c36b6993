package dev.speechload.sse.stress;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.corpus.CorpusItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request loop of a stress run: {@code concurrency} workers take the corpus items in order,
 * send each one and record how it ended, until the corpus is done or the run is aborted.
 * Single use, from one thread; the workers are its own. Not API.
 */
final class CorpusRequests {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusRequests.class);
    private static final int TEXT_IN_REPORT_CHARS = 80;
    private static final int PROGRESS_EVERY = 100;

    private final String runName;
    private final List<CorpusItem> items;
    private final StressStreams streams;
    private final CrashGuard guard;
    private final int concurrency;

    /** @param streams must send {@code items.get(index)} for stream {@code index} */
    CorpusRequests(String runName, List<CorpusItem> items, StressStreams streams, CrashGuard guard, int concurrency) {
        this.runName = runName;
        this.items = items;
        this.streams = streams;
        this.guard = guard;
        this.concurrency = concurrency;
    }

    /**
     * Sends the corpus; returns one entry per item, null for items not sent (the run aborted).
     *
     * @throws InterruptedException when interrupted (running streams are cancelled)
     */
    StressRequest[] send() throws InterruptedException {
        StressRequest[] results = new StressRequest[items.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "tts-stress-" + runName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int channel = w;
                workers.add(pool.submit(() -> {
                    int i;
                    while (guard.aborted() == null && (i = next.getAndIncrement()) < items.size()) {
                        results[i] = send(channel, i);
                        if ((i + 1) % PROGRESS_EVERY == 0) {
                            LOG.info("TTS stress run '{}': {} of {} requests sent", runName, i + 1, items.size());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("a stress worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return results;
    }

    private StressRequest send(int channel, int index) throws InterruptedException {
        CorpusItem item = items.get(index);
        int sentIn = guard.generation();
        StreamOutcome o = streams.stream(channel, index);
        RequestStatus status = status(o, guard.isCrash(o, sentIn));
        return new StressRequest(
                index,
                item.category().name(),
                item.truncated(TEXT_IN_REPORT_CHARS),
                item.chars(),
                item.words(),
                status,
                o.durationNanos() / 1e6,
                o.timeToFirstEventNanos() < 0 ? -1 : o.timeToFirstEventNanos() / 1e6,
                o.httpStatus(),
                o.errorCode(),
                o.message(),
                o.audioMillis());
    }

    /** How a request ended; {@code crash} says whether the crash guard found the server down. */
    static RequestStatus status(StreamOutcome o, boolean crash) {
        if (o.ok()) {
            return RequestStatus.OK;
        }
        if (o.kind() == SseErrorKind.TIMEOUT || o.kind() == SseErrorKind.STALL) {
            return RequestStatus.TIMEOUT;
        }
        return crash ? RequestStatus.CRASH : RequestStatus.ERROR;
    }
}
