/**
 * Implementations of the targets and readiness probes in {@code dev.speechload.core.target}.
 * Not API: anything here may change in any release; use
 * {@link dev.speechload.core.target.Targets} and {@link dev.speechload.core.target.ReadinessProbe}.
 */
package dev.speechload.core.target.internal;
