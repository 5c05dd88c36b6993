package dev.speechload.sse.corpus;

import java.util.Objects;

/**
 * One text of the stress corpus and its category. Immutable.
 *
 * @param category never null
 * @param text     never null (may be empty: category {@link Category#EMPTY})
 */
public record CorpusItem(Category category, String text) {

    public CorpusItem {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
    }

    /** Length in Unicode code points (an emoji counts as one, as the reference server counts). */
    public int chars() {
        return text.codePointCount(0, text.length());
    }

    /** Whitespace-separated tokens. */
    public int words() {
        return countWords(text);
    }

    /** The text cut to at most {@code maxChars} code points, with "..." when cut; for reports. */
    public String truncated(int maxChars) {
        return truncate(text, maxChars);
    }

    /** Whitespace-separated tokens of {@code s}. */
    public static int countWords(String s) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
            i += Character.charCount(cp);
        }
        return words;
    }

    /** {@code s} cut to at most {@code maxChars} code points (never inside a surrogate pair), "..." added when cut. */
    public static String truncate(String s, int maxChars) {
        if (maxChars < 4) {
            throw new IllegalArgumentException("maxChars must be >= 4, was " + maxChars);
        }
        if (s.codePointCount(0, s.length()) <= maxChars) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, maxChars - 3)) + "...";
    }

    @Override
    public String toString() {
        return category + "[" + chars() + " chars, " + words() + " words: " + truncated(40) + "]";
    }
}
