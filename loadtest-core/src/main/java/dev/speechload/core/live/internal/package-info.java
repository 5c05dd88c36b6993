/**
 * The live view of a test run ({@code loadtest.live=PORT}), not API: a page on 127.0.0.1 that the
 * engine's per-interval figures are pushed to over Server-Sent Events, listing the finished tests
 * with their verdicts and reports. A user switches it on with the setting and never names a class
 * of it; {@link dev.speechload.core.live.internal.LiveView} is the entry point the JUnit extension
 * drives (the one user besides {@code live}: LayeringTests), beside the coalescing state ({@link
 * dev.speechload.core.live.internal.LiveState}), its text form, the page, and the loopback HTTP
 * server with one Server-Sent Events stream per browser.
 *
 * <p>The run never waits for the view: the sampler thread hands over a few figures and returns,
 * and every formatting, JSON and socket write happens on the live server's own threads.
 */
package dev.speechload.core.live.internal;
