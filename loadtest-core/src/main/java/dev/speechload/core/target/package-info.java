/**
 * The server under test: a local process (the default), a Testcontainers container, or an
 * address that is already running. {@link dev.speechload.core.target.Targets} makes each;
 * {@link dev.speechload.core.target.ReadinessProbe} tells when it is ready. Implementations live
 * in {@code core.target.internal}, which is not API.
 */
package dev.speechload.core.target;
