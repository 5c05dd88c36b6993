package dev.speechload.sse;

import java.util.List;
import java.util.Objects;

/**
 * Chooses the text of each TTS request. Must be thread-safe and should be deterministic (the
 * same channel and index give the same text), so runs can be repeated and compared.
 */
@FunctionalInterface
public interface TextSource {

    /**
     * The text for iteration {@code index} (0-based, warm-up included) of channel {@code channel}
     * (0-based); never null.
     */
    String text(int channel, long index);

    /** Always {@code text}. */
    static TextSource constant(String text) {
        Objects.requireNonNull(text, "text");
        return (channel, index) -> text;
    }

    /**
     * Cycles through {@code texts}: channel {@code c}'s iteration {@code i} sends
     * {@code texts[(c + i) mod n]}, so channels start at different texts.
     *
     * @param texts at least one text, no nulls; copied
     */
    static TextSource cycling(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("TextSource.cycling needs at least one text, got none");
        }
        return (channel, index) -> copy.get((int) Math.floorMod(channel + index, (long) copy.size()));
    }
}
