package dev.speechload.server;

import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.tts.TtsHooks;

/**
 * Connects the TTS endpoint to the server's metrics and faults: a TTS request counts as a
 * request for the leak and crash faults, every chunk passes the stall and latency faults exactly
 * like an STT decode (its synthesis time is the engine time the latency factor stretches), and
 * every event written pays the CPU-cost fault, as every audio chunk an STT session receives
 * does. Thread-safe (its collaborators are).
 */
final class ServerTtsHooks implements TtsHooks {

    private final ServerMetrics metrics;
    private final Faults faults;

    ServerTtsHooks(ServerMetrics metrics, Faults faults) {
        this.metrics = metrics;
        this.faults = faults;
    }

    @Override
    public void requestAccepted() {
        metrics.ttsRequestAccepted();
        faults.onRequest();
    }

    @Override
    public void beforeChunk() throws InterruptedException {
        faults.beforeWork();
    }

    @Override
    public void afterChunk(long synthesisNanos) throws InterruptedException {
        faults.beforeEmit(synthesisNanos);
    }

    @Override
    public void beforeEvent() throws InterruptedException {
        faults.onMessage();
    }

    @Override
    public void streamOpened() {
        metrics.ttsStreamOpened();
    }

    @Override
    public void streamClosed(boolean completed) {
        metrics.ttsStreamClosed(completed);
    }

    @Override
    public void error(String code) {
        metrics.error(code);
    }
}
