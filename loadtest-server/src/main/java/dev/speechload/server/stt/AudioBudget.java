package dev.speechload.server.stt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The global cap on buffered audio ({@code --max-buffer-bytes}), made a real bound with gRPC
 * inbound flow control: a stream is asked for its next message only while the audio the server
 * holds, plus what it has already asked for, is under the cap. A stream that finds no room is
 * parked; as decodes consume audio, parked streams are asked again in the order they parked.
 *
 * <p>Accounting: audio counts in {@link #bufferedBytes()} from the moment a message is admitted
 * until a decode has consumed it (or its session closed). Asking a stream for a message reserves
 * an estimate of its size (the stream's previous audio message); a message is only asked for while
 * {@code buffered + reserved < cap}. So with chunks of one size the buffer stays below
 * {@code cap + one chunk}; a chunk larger than the stream's previous one can add the difference.
 * One exception keeps the server live: when, between two {@link #unstick()} calls (the idle
 * sweeper's period), nothing was buffered, no message arrived and streams stayed parked (the
 * reservations belong to streams whose audio cannot reach us, e.g. because unread data of parked
 * streams fills the connection's HTTP/2 window), the oldest parked stream is asked anyway. That
 * can add one more chunk: {@code buffered < cap + 2 chunks} at worst.
 *
 * <p>Thread-safe: all state is guarded by this object's lock. Asking a stream for a message
 * ({@code request(1)}) happens outside the lock, so callers may hold their session's lock.
 */
final class AudioBudget {

    /**
     * One stream's place in the budget. Fields are guarded by the budget's lock except the two
     * volatile ones, which the idle sweeper reads without it.
     */
    static final class Ticket {
        private final Runnable requestOne;
        private long reservedBytes;
        private long estimateBytes;
        private long parkedSinceNanos;
        private long heldBackNanos;
        private boolean closed;
        private volatile boolean parked;
        private volatile long askedAtNanos;

        private Ticket(Runnable requestOne, long nowNanos) {
            this.requestOne = requestOne;
            this.askedAtNanos = nowNanos;
        }

        /** True while the stream waits for buffer room, through no fault of its client. */
        boolean parked() {
            return parked;
        }

        /** When the server last asked this stream for a message ({@link System#nanoTime()}). */
        long askedAtNanos() {
            return askedAtNanos;
        }
    }

    private final long maxBytes;
    private final ArrayDeque<Ticket> parked = new ArrayDeque<>();
    private long bufferedBytes;
    private long reservedBytes;
    private long arrivals;
    private long arrivalsAtLastCheck = -1;

    /** @param maxBytes the cap, &gt;= 1 */
    AudioBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * A ticket for a new stream whose first message gRPC has already asked for.
     *
     * @param requestOne asks the stream's client for one more message; thread-safe
     */
    Ticket open(Runnable requestOne) {
        return new Ticket(requestOne, System.nanoTime());
    }

    /**
     * A message arrived on the stream: its reservation ends and {@code admittedBytes} of audio
     * (0 for none) now count as buffered.
     */
    synchronized void arrived(Ticket ticket, long admittedBytes) {
        reservedBytes -= ticket.reservedBytes;
        ticket.reservedBytes = 0;
        bufferedBytes += admittedBytes;
        arrivals++;
    }

    /**
     * How long the stream sat parked since the last call, in nanoseconds, and resets it: time in
     * which its client could not send because of us.
     */
    synchronized long takeHeldBackNanos(Ticket ticket) {
        long held = ticket.heldBackNanos;
        ticket.heldBackNanos = 0;
        return held;
    }

    /**
     * Asks the stream for its next message now when the budget has room and no stream parked
     * before it; otherwise parks it until decodes free room.
     *
     * @param estimateBytes expected size of that message, reserved until it arrives, &gt;= 0
     * @return true when asked now, false when parked
     */
    boolean requestNext(Ticket ticket, long estimateBytes) {
        synchronized (this) {
            if (ticket.closed || ticket.parked) {
                return false;
            }
            // Whatever was reserved for the message that just arrived is spent.
            reservedBytes -= ticket.reservedBytes;
            ticket.reservedBytes = 0;
            ticket.estimateBytes = Math.max(0, estimateBytes);
            if (!parked.isEmpty() || !hasRoomLocked()) {
                ticket.parked = true;
                ticket.parkedSinceNanos = System.nanoTime();
                parked.add(ticket);
                return false;
            }
            reserveLocked(ticket, System.nanoTime());
        }
        ticket.requestOne.run();
        return true;
    }

    /** Audio was consumed by a decode or discarded: frees room and asks parked streams again. */
    void release(long bytes) {
        List<Ticket> resumed;
        synchronized (this) {
            bufferedBytes -= bytes;
            resumed = resumeLocked();
        }
        resumed.forEach(t -> t.requestOne.run());
    }

    /** The stream ended: drops its reservation and its place in the queue. */
    void close(Ticket ticket) {
        List<Ticket> resumed;
        synchronized (this) {
            if (ticket.closed) {
                return;
            }
            ticket.closed = true;
            if (ticket.parked) {
                parked.remove(ticket);
                ticket.parked = false;
            }
            reservedBytes -= ticket.reservedBytes;
            ticket.reservedBytes = 0;
            resumed = resumeLocked();
        }
        resumed.forEach(t -> t.requestOne.run());
    }

    /**
     * Called periodically: asks the oldest parked stream for a message when, since the last call,
     * the buffer stayed empty, no message arrived and streams stayed parked (see the class doc).
     */
    void unstick() {
        Ticket forced = null;
        synchronized (this) {
            boolean stuck = !parked.isEmpty() && bufferedBytes == 0 && arrivals == arrivalsAtLastCheck;
            arrivalsAtLastCheck = arrivals;
            if (stuck) {
                forced = parked.poll();
                long now = System.nanoTime();
                forced.heldBackNanos += now - forced.parkedSinceNanos;
                reserveLocked(forced, now);
                forced.parked = false;
            }
        }
        if (forced != null) {
            forced.requestOne.run();
        }
    }

    /** Audio admitted and not yet consumed, in bytes. */
    synchronized long bufferedBytes() {
        return bufferedBytes;
    }

    /** Streams waiting for room. */
    synchronized int parkedStreams() {
        return parked.size();
    }

    private boolean hasRoomLocked() {
        return bufferedBytes + reservedBytes < maxBytes;
    }

    private List<Ticket> resumeLocked() {
        List<Ticket> resumed = new ArrayList<>();
        long now = System.nanoTime();
        while (!parked.isEmpty() && hasRoomLocked()) {
            Ticket t = parked.poll();
            t.heldBackNanos += now - t.parkedSinceNanos;
            reserveLocked(t, now);
            // The idle clock restarts before the stream stops counting as parked (both volatile), so
            // the sweeper never sees it unparked with the clock of before it parked.
            t.parked = false;
            resumed.add(t);
        }
        return resumed;
    }

    private void reserveLocked(Ticket t, long now) {
        t.reservedBytes = t.estimateBytes;
        reservedBytes += t.estimateBytes;
        t.askedAtNanos = now;
    }
}
