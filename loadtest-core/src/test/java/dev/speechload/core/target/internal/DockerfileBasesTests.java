package dev.speechload.core.target.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileBasesTests {

    @Test
    void fillsGlobalArgDefaultsAndBuildArgs() {
        List<String> lines = List.of("# base", "ARG BASE_IMAGE=eclipse-temurin:17-jre", "FROM ${BASE_IMAGE}", "RUN x");
        assertThat(DockerfileBases.parse(lines, Map.of())).containsExactly("eclipse-temurin:17-jre");
        assertThat(DockerfileBases.parse(lines, Map.of("BASE_IMAGE", "speechload/jre-base:local")))
                .containsExactly("speechload/jre-base:local");
    }

    @Test
    void leavesOutStagesScratchAndUnfilledVariables() {
        List<String> lines = List.of(
                "ARG TAG=\"1.2\"",
                "FROM --platform=$BUILDPLATFORM maven:$TAG AS build",
                "FROM scratch AS empty",
                "FROM build",
                "FROM $UNSET",
                "FROM \\",
                "  debian:bookworm-slim");
        assertThat(DockerfileBases.parse(lines, Map.of())).containsExactly("maven:1.2", "debian:bookworm-slim");
    }

    @Test
    void theProjectsDockerfileNeedsItsBaseOnly() throws Exception {
        java.nio.file.Path root =
                java.nio.file.Path.of(System.getProperty("loadtest.root", "..")).toAbsolutePath();
        assertThat(DockerfileBases.of(root.resolve("Dockerfile.loadtest"), Map.of()))
                .containsExactly("eclipse-temurin:17-jre");
    }
}
