package dev.speechload.server;

import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.tts.TtsHooks;

/**
 * Connects the TTS endpoint to the server's metrics and faults: a TTS request counts as a
 * request for the leak and crash faults, and every chunk passes the stall and latency faults,
 * exactly like an STT decode. Thread-safe (its collaborators are).
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
    faults.beforeEmit();
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
