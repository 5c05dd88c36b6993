package dev.speechload.core.target.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Docker engine for tests of the decisions around it: holds a set of images, and answers
 * pulls as told (an image it gets by pulling, or the failure a pull reports). Records what was
 * asked.
 */
final class FakeEngine implements DockerEngine {

    final Set<String> images = new HashSet<>();
    /** A pulled image's outcome: absent means the pull works. */
    final Map<String, String> pullFailures = new HashMap<>();

    final List<String> pulls = new ArrayList<>();
    final List<Duration> firstAnswerWaits = new ArrayList<>();
    boolean closed;

    FakeEngine with(String... present) {
        images.addAll(List.of(present));
        return this;
    }

    FakeEngine failingPulls(String image, String reason) {
        pullFailures.put(image, reason);
        return this;
    }

    @Override
    public String host() {
        return "unix:///var/run/docker.sock";
    }

    @Override
    public boolean hasImage(String image) {
        return images.contains(image);
    }

    @Override
    public Optional<String> pull(String image, Duration firstAnswer, Duration whole) {
        pulls.add(image);
        firstAnswerWaits.add(firstAnswer);
        String failure = pullFailures.get(image);
        if (failure == null) {
            images.add(image);
        }
        return Optional.ofNullable(failure);
    }

    /** Containers by id, with the value of the owner label asked for. */
    final Map<String, String> labelled = new HashMap<>();

    final List<String> removed = new ArrayList<>();

    @Override
    public Map<String, String> containersLabelled(String label) {
        return Map.copyOf(labelled);
    }

    @Override
    public void removeContainer(String id) {
        removed.add(id);
        labelled.remove(id);
    }

    @Override
    public void close() {
        closed = true;
    }
}
