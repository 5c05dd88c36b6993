/**
 * The TTS suites against the reference server (a local process): throughput, memory stability,
 * connection churn, slow-client isolation, shutdown with open streams, reconnection with
 * {@code Last-Event-ID}, and the stress corpus. Each runs in seconds at smoke scale and in
 * minutes at full scale ({@code loadtest.scale=full}). Test sources only; nothing here is API.
 */
package dev.speechload.suites.tts;
