package dev.speechload.server.tts;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into chunks a speech model can take, preferring natural boundaries. Pure and
 * stateless: thread-safe.
 *
 * <p>Rules, in order of preference (see {@link #split(String, int)}):
 * <ol>
 *   <li>sentence ends: {@code . ! ? … ‼ ⁇ ⁈ ⁉} followed by whitespace or the end of the text,
 *       CJK {@code 。 ！ ？ ｡ ．} anywhere, and line breaks. Closing quotes and brackets right
 *       after the terminator stay with the sentence;</li>
 *   <li>clause marks: {@code , ; :} (and Arabic {@code ، ؛}) followed by whitespace or the end
 *       (so {@code 1,000}, {@code 10:30} and {@code https://} are not split), CJK
 *       {@code ， 、 ； ： ､} anywhere;</li>
 *   <li>line-break opportunities as {@link BreakIterator#getLineInstance(Locale)} finds them:
 *       spaces, after hyphens, between CJK ideographs;</li>
 *   <li>last resort, for one overlong word: grapheme cluster boundaries ({@code \X}), and only
 *       for a single cluster longer than the limit, code point boundaries.</li>
 * </ol>
 * Whole units of the preferred level are packed greedily into one chunk while it stays within
 * the limit; a unit longer than the limit is split at the next level. A chunk never crosses a
 * boundary that a higher level had to cut.
 *
 * <p>Lengths are counted in Unicode code points (an emoji is one, a ZWJ family emoji is
 * several, a CJK ideograph is one). A surrogate pair is never split.
 */
final class TextSplitter {

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private static final int LEVEL_SENTENCE = 0;
    private static final int LEVEL_CLAUSE = 1;
    private static final int LEVEL_WORD = 2;
    private static final int LEVEL_GRAPHEME = 3;

    private TextSplitter() {}

    /**
     * Splits {@code text} into chunks of at most {@code maxChars} code points.
     *
     * <p>Guarantees: every chunk is non-empty, starts and ends with a non-whitespace character,
     * is a substring of {@code text}, and the chunks appear in order; the text between two
     * consecutive chunks (and before the first and after the last) is whitespace only, as
     * {@link #isSpace(int)} defines it. So no text is lost except whitespace at chunk edges;
     * whitespace inside a chunk is kept as is.
     *
     * @param text the text, not null; may be empty or whitespace only (gives an empty list)
     * @param maxChars the most code points in one chunk, at least 1
     * @return the chunks, an unmodifiable list
     * @throws IllegalArgumentException if {@code maxChars < 1}
     */
    static List<String> split(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
        }
        int start = skipSpace(text, 0, text.length());
        int end = trimEnd(text, start, text.length());
        if (start >= end) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        new Run(text, maxChars).split(start, end, LEVEL_SENTENCE, out);
        return List.copyOf(out);
    }

    /** True if the text has no character other than whitespace ({@link #isSpace(int)}). */
    static boolean isBlank(String text) {
        return skipSpace(text, 0, text.length()) == text.length();
    }

    /**
     * Whitespace as the splitter sees it: {@link Character#isWhitespace(int)} plus the Unicode
     * space separators (so no-break spaces count too).
     */
    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static int skipSpace(String t, int from, int end) {
        int i = from;
        while (i < end) {
            int cp = t.codePointAt(i);
            if (!isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int trimEnd(String t, int start, int end) {
        int i = end;
        while (i > start) {
            int cp = t.codePointBefore(i);
            if (!isSpace(cp)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return i;
    }

    private static boolean isLatinSentenceEnd(int cp) {
        return cp == '.' || cp == '!' || cp == '?' || cp == '…' || cp == '‼' || cp == '⁇' || cp == '⁈' || cp == '⁉';
    }

    private static boolean isCjkSentenceEnd(int cp) {
        return cp == '。' || cp == '！' || cp == '？' || cp == '｡' || cp == '．';
    }

    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0085 || cp == 0x2028 || cp == 0x2029;
    }

    private static boolean isLatinClauseEnd(int cp) {
        return cp == ',' || cp == ';' || cp == ':' || cp == '،' || cp == '؛';
    }

    private static boolean isCjkClauseEnd(int cp) {
        return cp == '，' || cp == '、' || cp == '；' || cp == '：' || cp == '､';
    }

    private static boolean isCloser(int cp) {
        int type = Character.getType(cp);
        return type == Character.END_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION
                || cp == '"'
                || cp == '\''
                || cp == '」'
                || cp == '』'
                || cp == '»';
    }

    /** One split call: the text, the limit and its grapheme boundaries, computed once. */
    private static final class Run {
        private final String text;
        private final int maxChars;
        private BitSet graphemeBoundaries;

        Run(String text, int maxChars) {
            this.text = text;
            this.maxChars = maxChars;
        }

        /** Splits the trimmed, non-empty span [start, end) at {@code level} or finer. */
        void split(int start, int end, int level, List<String> out) {
            int length = text.codePointCount(start, end);
            if (length <= maxChars) {
                out.add(text.substring(start, end));
                return;
            }
            if (level > LEVEL_GRAPHEME) {
                splitAtCodePoints(start, end, out);
                return;
            }
            List<Integer> cuts = cuts(start, end, level);
            int chunkStart = -1;
            int chunkEnd = -1;
            int chunkLength = 0;
            int pieceStart = start;
            for (int k = 0; k <= cuts.size(); k++) {
                int cut = k < cuts.size() ? cuts.get(k) : end;
                int ps = skipSpace(text, pieceStart, cut);
                int pe = trimEnd(text, ps, cut);
                pieceStart = cut;
                if (ps >= pe) {
                    continue;
                }
                int pieceLength = text.codePointCount(ps, pe);
                if (pieceLength > maxChars) {
                    flush(chunkStart, chunkEnd, out);
                    chunkStart = -1;
                    split(ps, pe, level + 1, out);
                    continue;
                }
                if (chunkStart >= 0) {
                    int joined = chunkLength + text.codePointCount(chunkEnd, ps) + pieceLength;
                    if (joined <= maxChars) {
                        chunkEnd = pe;
                        chunkLength = joined;
                        continue;
                    }
                    flush(chunkStart, chunkEnd, out);
                }
                chunkStart = ps;
                chunkEnd = pe;
                chunkLength = pieceLength;
            }
            flush(chunkStart, chunkEnd, out);
        }

        private void flush(int chunkStart, int chunkEnd, List<String> out) {
            if (chunkStart >= 0) {
                out.add(text.substring(chunkStart, chunkEnd));
            }
        }

        /** Cut positions strictly inside (start, end), in order, all on grapheme boundaries. */
        private List<Integer> cuts(int start, int end, int level) {
            List<Integer> cuts = new ArrayList<>();
            switch (level) {
                case LEVEL_SENTENCE -> punctuationCuts(start, end, true, cuts);
                case LEVEL_CLAUSE -> punctuationCuts(start, end, false, cuts);
                case LEVEL_WORD -> lineBreakCuts(start, end, cuts);
                default -> graphemeCuts(start, end, cuts);
            }
            if (level != LEVEL_GRAPHEME) {
                cuts.removeIf(cut -> !isGraphemeBoundary(cut));
            }
            return cuts;
        }

        private void punctuationCuts(int start, int end, boolean sentence, List<Integer> cuts) {
            int i = start;
            while (i < end) {
                int cp = text.codePointAt(i);
                int next = i + Character.charCount(cp);
                boolean latin = sentence ? isLatinSentenceEnd(cp) : isLatinClauseEnd(cp);
                boolean cjk = sentence ? isCjkSentenceEnd(cp) : isCjkClauseEnd(cp);
                if (sentence && isLineBreak(cp)) {
                    addCut(next, start, end, cuts);
                } else if (latin || cjk) {
                    // take the whole run of terminators, then closing quotes and brackets
                    while (next < end) {
                        int c = text.codePointAt(next);
                        boolean more = sentence
                                ? isLatinSentenceEnd(c) || isCjkSentenceEnd(c)
                                : isLatinClauseEnd(c) || isCjkClauseEnd(c);
                        if (!more) {
                            break;
                        }
                        cjk |= sentence ? isCjkSentenceEnd(c) : isCjkClauseEnd(c);
                        next += Character.charCount(c);
                    }
                    while (next < end && isCloser(text.codePointAt(next))) {
                        next += Character.charCount(text.codePointAt(next));
                    }
                    if (cjk || next >= end || isSpace(text.codePointAt(next))) {
                        addCut(next, start, end, cuts);
                    }
                }
                i = next;
            }
        }

        private static void addCut(int cut, int start, int end, List<Integer> cuts) {
            if (cut > start && cut < end && (cuts.isEmpty() || cuts.get(cuts.size() - 1) < cut)) {
                cuts.add(cut);
            }
        }

        private void lineBreakCuts(int start, int end, List<Integer> cuts) {
            BreakIterator lines = BreakIterator.getLineInstance(Locale.ROOT);
            lines.setText(text.substring(start, end));
            for (int b = lines.next(); b != BreakIterator.DONE; b = lines.next()) {
                addCut(start + b, start, end, cuts);
            }
        }

        private void graphemeCuts(int start, int end, List<Integer> cuts) {
            Matcher m = GRAPHEME.matcher(text).region(start, end);
            while (m.find()) {
                addCut(m.end(), start, end, cuts);
            }
        }

        private boolean isGraphemeBoundary(int index) {
            if (graphemeBoundaries == null) {
                graphemeBoundaries = new BitSet(text.length() + 1);
                Matcher m = GRAPHEME.matcher(text);
                graphemeBoundaries.set(0);
                while (m.find()) {
                    graphemeBoundaries.set(m.end());
                }
            }
            return graphemeBoundaries.get(index);
        }

        /** Last resort for one grapheme cluster longer than the limit. */
        private void splitAtCodePoints(int start, int end, List<String> out) {
            int chunkStart = start;
            int count = 0;
            int i = start;
            while (i < end) {
                int cp = text.codePointAt(i);
                if (count == maxChars) {
                    addTrimmed(chunkStart, i, out);
                    chunkStart = i;
                    count = 0;
                }
                count++;
                i += Character.charCount(cp);
            }
            addTrimmed(chunkStart, end, out);
        }

        private void addTrimmed(int start, int end, List<String> out) {
            int s = skipSpace(text, start, end);
            int e = trimEnd(text, s, end);
            if (s < e) {
                out.add(text.substring(s, e));
            }
        }
    }
}
