package dev.speechload.core.result;

/**
 * Where a run happened, so a comparison across unlike machines can warn.
 *
 * @param gitCommit the commit of the working tree the run came from, or null outside git
 */
public record EnvironmentInfo(
        int availableProcessors,
        long maxHeapBytes,
        String javaVersion,
        String javaVendor,
        String osName,
        String osVersion,
        String osArch,
        String hostName,
        String gitCommit) {}
