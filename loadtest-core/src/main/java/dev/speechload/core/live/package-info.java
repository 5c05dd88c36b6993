/**
 * The live view of a test run ({@code loadtest.live=PORT}): a page on 127.0.0.1 that the engine's
 * per-interval figures are pushed to over Server-Sent Events, listing the finished tests with their
 * verdicts and reports. {@link dev.speechload.core.live.LiveView} is the entry point; the server,
 * the state and the page are in {@code live.internal}, which is not API.
 *
 * <p>The run never waits for the view: the sampler thread hands over a few figures and returns,
 * and every formatting, JSON and socket write happens on the live server's own threads.
 */
package dev.speechload.core.live;
