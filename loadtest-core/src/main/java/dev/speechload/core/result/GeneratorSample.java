package dev.speechload.core.result;

/** One reading of the load generator's JVM. */
public record GeneratorSample(long offsetMillis, long heapUsedBytes, long gcTimeMillis, int threadCount) {}
