package dev.speechload.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.ClientCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session's send side against a fake request stream, with the ordering of gRPC's callbacks and
 * the iteration thread forced, so races that a real server shows once in a while happen every
 * time here.
 */
@DisplayName("StreamSession")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamSessionTests {

    private static final List<String> SCRIPT = List.of("config", "audio-1", "audio-2", "audio-3");
    private static final long FINAL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Pacer pacers = new Pacer(1);
    private final Pacer.Lane pacer = pacers.lane();

    @AfterEach
    void stopPacer() {
        pacers.close();
    }

    @Test
    void aPacerThatFallsBehindShowsAsSendLag() throws Exception {
        StreamSession<String, String> session =
                new StreamSession<>(script(), inspector(), pacer, true, FINAL_TIMEOUT_NANOS);
        FakeRequests requests = new FakeRequests();
        session.beforeStart(requests);
        CountDownLatch release = new CountDownLatch(1);
        // The lane is busy (an overloaded pacer) while the next requests fall due.
        pacer.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        session.begin(System.nanoTime());
        Thread.sleep(300);
        release.countDown();
        awaitPacer();
        requests.onReadyHandler.run();
        awaitPacer();

        assertThat(requests.sent).containsExactlyElementsOf(SCRIPT);
        synchronized (session) {
            // Request 1 was due at its offset but the lane ran it only after the 300 ms block.
            assertThat(session.lagNanos[1]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
            assertThat(session.pushedBack[1])
                    .as("the generator's lag, not the server's")
                    .isFalse();
        }
    }

    @Test
    void dealsSessionsOverItsLanes() {
        try (Pacer four = new Pacer(4)) {
            assertThat(java.util.stream.IntStream.range(0, 8)
                            .mapToObj(i -> four.lane())
                            .distinct()
                            .count())
                    .isEqualTo(4);
        }
    }

    @Test
    void sendsEachRequestOnceWhenTheTransportIsReadyBeforeTheSessionBegins() throws Exception {
        StreamSession<String, String> session =
                new StreamSession<>(script(), inspector(), pacer, false, FINAL_TIMEOUT_NANOS);
        FakeRequests requests = new FakeRequests();
        session.beforeStart(requests);

        // gRPC reports the call ready on its own thread before the iteration thread gets to begin().
        requests.onReadyHandler.run();
        awaitPacer();
        session.begin(System.nanoTime());
        awaitPacer();

        assertThat(requests.sent).containsExactlyElementsOf(SCRIPT);
        assertThat(requests.halfCloses).isEqualTo(1);
        assertThat(session.done).isNotDone();

        session.onNext("final");
        session.onCompleted();
        assertThat(session.done.get(10, TimeUnit.SECONDS).ok()).isTrue();
        synchronized (session) {
            assertThat(session.sentNanos[0])
                    .as("first send is timed from the session's start")
                    .isGreaterThanOrEqualTo(session.startNanos);
        }
    }

    @Test
    void sendsEachRequestOnceWhenTheTransportTurnsReadyAfterTheSessionBegan() throws Exception {
        StreamSession<String, String> session =
                new StreamSession<>(script(), inspector(), pacer, false, FINAL_TIMEOUT_NANOS);
        FakeRequests requests = new FakeRequests();
        session.beforeStart(requests);

        session.begin(System.nanoTime());
        requests.onReadyHandler.run();
        awaitPacer();

        assertThat(requests.sent).containsExactlyElementsOf(SCRIPT);
        assertThat(requests.halfCloses).isEqualTo(1);
        assertThat(session.done).isNotDone();
    }

    /** Returns once every task queued on the (single-threaded, FIFO) pacer before now has run. */
    private void awaitPacer() throws Exception {
        pacer.schedule(() -> {}, 0).get(10, TimeUnit.SECONDS);
    }

    private static RequestScript<String> script() {
        return new RequestScript<>() {
            @Override
            public int size() {
                return SCRIPT.size();
            }

            @Override
            public String request(int index) {
                return SCRIPT.get(index);
            }

            @Override
            public long offsetNanos(int index) {
                return 0;
            }

            @Override
            public long mediaEndMillis(int index) {
                return index * 100L;
            }
        };
    }

    private static ResponseInspector<String> inspector() {
        return new ResponseInspector<>() {
            @Override
            public boolean isFinal(String response) {
                return response.equals("final");
            }

            @Override
            public boolean isInterim(String response) {
                return response.equals("interim");
            }
        };
    }

    /** A request stream that is always ready and records what it is given. */
    private static final class FakeRequests extends ClientCallStreamObserver<String> {
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile int halfCloses;
        volatile Runnable onReadyHandler;

        @Override
        public void onNext(String value) {
            sent.add(value);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
            halfCloses++;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReadyHandler = handler;
        }

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void request(int count) {}

        @Override
        public void setMessageCompression(boolean enable) {}

        @Override
        public void disableAutoInboundFlowControl() {}
    }
}
