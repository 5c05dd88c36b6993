/**
 * The live view's implementation, not API: the coalescing state ({@link
 * dev.speechload.core.live.internal.LiveState}), its text form, the page, and the loopback HTTP
 * server with one Server-Sent Events stream per browser.
 */
package dev.speechload.core.live.internal;
