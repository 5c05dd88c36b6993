package dev.speechload.server.tts;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the wiring's hooks so that a failing metrics hook cannot break a stream: a
 * {@link RuntimeException} is logged at warn and dropped. {@link #beforeChunk()} and
 * {@link #afterChunk(long)} are passed through unguarded on purpose: a fault hook may fail a
 * chunk by throwing. Thread-safe if the delegate is.
 */
final class GuardedHooks implements TtsHooks {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHooks.class);

    private final TtsHooks delegate;

    GuardedHooks(TtsHooks delegate) {
        this.delegate = Objects.requireNonNull(delegate, "hooks");
    }

    @Override
    public void requestAccepted() {
        try {
            delegate.requestAccepted();
        } catch (RuntimeException e) {
            LOG.warn("TtsHooks.requestAccepted failed", e);
        }
    }

    @Override
    public void beforeChunk() throws InterruptedException {
        delegate.beforeChunk();
    }

    @Override
    public void afterChunk(long synthesisNanos) throws InterruptedException {
        delegate.afterChunk(synthesisNanos);
    }

    @Override
    public void beforeEvent() throws InterruptedException {
        try {
            delegate.beforeEvent();
        } catch (RuntimeException e) {
            LOG.warn("TtsHooks.beforeEvent failed", e);
        }
    }

    @Override
    public void streamOpened() {
        try {
            delegate.streamOpened();
        } catch (RuntimeException e) {
            LOG.warn("TtsHooks.streamOpened failed", e);
        }
    }

    @Override
    public void streamClosed(boolean completed) {
        try {
            delegate.streamClosed(completed);
        } catch (RuntimeException e) {
            LOG.warn("TtsHooks.streamClosed failed", e);
        }
    }

    @Override
    public void error(String code) {
        try {
            delegate.error(code);
        } catch (RuntimeException e) {
            LOG.warn("TtsHooks.error failed", e);
        }
    }
}
