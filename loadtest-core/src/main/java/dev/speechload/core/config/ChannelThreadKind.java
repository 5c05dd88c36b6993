package dev.speechload.core.config;

/**
 * What {@code loadtest.channelThreads} asks a blocking scenario's channels to run on. The engine's
 * own type is {@code engine.ChannelThreads}, which {@code config} cannot name (it comes first in
 * the package order); the JUnit extension maps one to the other by name.
 */
public enum ChannelThreadKind {
    /** A platform thread per channel (the default). */
    PLATFORM,
    /** A virtual thread per channel: Java 21 and later. */
    VIRTUAL
}
