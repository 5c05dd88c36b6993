/**
 * Implementations of the probes in {@code dev.speechload.core.sample}. Not API: anything here
 * may change in any release; use {@link dev.speechload.core.sample.ResourceProbes}.
 */
package dev.speechload.core.sample.internal;
