/**
 * The JUnit 5 face of speechload: {@link dev.speechload.core.junit.LoadTest} on a method,
 * {@link dev.speechload.core.junit.LoadTarget} on the class's server, and the injected
 * {@link dev.speechload.core.junit.LoadContext} that runs a scenario. The extension itself lives
 * in {@code junit.internal} and is not API.
 */
package dev.speechload.core.junit;
