package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("TextSplitter")
class TextSplitterTests {

    @Test
    void keepsShortTextInOneChunk() {
        assertThat(TextSplitter.split("Hello, world. How are you?", 200)).containsExactly("Hello, world. How are you?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", "\t \r\n ", "\u00A0\u3000"})
    void givesNoChunkForEmptyOrWhitespaceText(String text) {
        assertThat(TextSplitter.split(text, 10)).isEmpty();
        assertThat(TextSplitter.isBlank(text)).isTrue();
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertThat(TextSplitter.split("  \n Hi there.\t ", 200)).containsExactly("Hi there.");
    }

    @Test
    void splitsAtSentenceEndsFirst() {
        String text = "One two three. Four five six! Seven eight nine? Ten.";
        assertThat(TextSplitter.split(text, 20))
                .containsExactly("One two three.", "Four five six!", "Seven eight nine?", "Ten.");
    }

    @Test
    void packsWholeSentencesWhileTheyFit() {
        String text = "A b. C d. E f. G h.";
        assertThat(TextSplitter.split(text, 10)).containsExactly("A b. C d.", "E f. G h.");
    }

    @Test
    void keepsClosingQuotesAndEllipsesWithTheirSentence() {
        String text = "He said \"stop!\" Then he left... She stayed?! Yes.";
        assertThat(TextSplitter.split(text, 16))
                .containsExactly("He said \"stop!\"", "Then he left...", "She stayed?!", "Yes.");
    }

    @Test
    void doesNotSplitDecimalsUrlsOrTimes() {
        String text = "Pi is 3.14159 and e is 2.71828; see https://example.com/a.b at 10:30, ok.";
        List<String> chunks = TextSplitter.split(text, 40);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.codePointCount(0, c.length())).isLessThanOrEqualTo(40));
        assertThat(String.join(" ", chunks)).contains("3.14159", "2.71828", "https://example.com/a.b", "10:30");
        assertThat(chunks).noneMatch(c -> c.endsWith("3.") || c.startsWith("14159"));
    }

    @Test
    void splitsAnOverlongSentenceAtCommasSemicolonsAndColons() {
        String text = "first part here, second part here; third part here: fourth part here.";
        assertThat(TextSplitter.split(text, 20))
                .containsExactly("first part here,", "second part here;", "third part here:", "fourth part here.");
    }

    @Test
    void splitsAnOverlongClauseAtSpaces() {
        String text = "alpha beta gamma delta epsilon zeta eta theta";
        List<String> chunks = TextSplitter.split(text, 12);
        assertThat(chunks).containsExactly("alpha beta", "gamma delta", "epsilon zeta", "eta theta");
    }

    @Test
    void hardSplitsOneHugeWordAtCodePoints() {
        String word = "x".repeat(1000);
        List<String> chunks = TextSplitter.split(word, 200);
        assertThat(chunks).hasSize(5).allSatisfy(c -> assertThat(c).hasSize(200));
        assertThat(String.join("", chunks)).isEqualTo(word);
    }

    @Test
    void splitsCjkSentencesWithoutSpaces() {
        String text = "你好世界。今天天气很好！你吃饭了吗？好的。";
        assertThat(TextSplitter.split(text, 7)).containsExactly("你好世界。", "今天天气很好！", "你吃饭了吗？", "好的。");
    }

    @Test
    void splitsCjkClausesAtFullwidthCommas() {
        String text = "我们今天去公园，然后去商店、再回家；明天上班。";
        assertThat(TextSplitter.split(text, 9)).containsExactly("我们今天去公园，", "然后去商店、", "再回家；明天上班。");
    }

    @Test
    void splitsLongCjkRunsBetweenIdeographs() {
        String text = "一二三四五六七八九十".repeat(5);
        List<String> chunks = TextSplitter.split(text, 7);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.codePointCount(0, c.length())).isLessThanOrEqualTo(7));
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void neverSplitsSurrogatePairsOrEmojiSequences() {
        String family = "👨‍👩‍👧‍👦"; // 7 code points joined by ZWJ
        String text = ("😀🎉" + family + "🇫🇷👍🏽").repeat(20);
        List<String> chunks = TextSplitter.split(text, 9);
        assertThat(String.join("", chunks)).isEqualTo(text);
        for (String chunk : chunks) {
            assertThat(chunk.codePointCount(0, chunk.length())).isLessThanOrEqualTo(9);
            assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)))
                    .isFalse();
        }
        assertThat(chunks).anyMatch(c -> c.contains(family));
        assertThat(chunks).noneMatch(c -> c.startsWith("\u200D") || c.endsWith("\u200D"));
        assertThat(chunks).noneMatch(c -> c.startsWith("🇷") || c.startsWith("🏽"));
    }

    @Test
    void keepsCombiningMarksWithTheirBase() {
        String word = "e\u0301a\u0308o\u0302u\u0300".repeat(30); // 240 code points, 120 graphemes
        List<String> chunks = TextSplitter.split(word, 7);
        assertThat(String.join("", chunks)).isEqualTo(word);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.codePointCount(0, c.length())).isLessThanOrEqualTo(7);
            assertThat(Character.getType(c.codePointAt(0))).isNotEqualTo(Character.NON_SPACING_MARK);
        });
    }

    @Test
    void splitsOneOverlongGraphemeClusterAtCodePointsAsLastResort() {
        String cluster = "a" + "\u0301".repeat(20);
        List<String> chunks = TextSplitter.split(cluster, 8);
        assertThat(chunks).hasSize(3);
        assertThat(String.join("", chunks)).isEqualTo(cluster);
    }

    @Test
    void treatsLineBreaksAsSentenceEnds() {
        assertThat(TextSplitter.split("first line\nsecond line\n\nthird line", 12))
                .containsExactly("first line", "second line", "third line");
    }

    @Test
    void handlesMixedScriptsAndEmoji() {
        String text = "Hello, bonjour, 你好! Ça va? 😀 Très bien, 谢谢。 See https://exa.mple/x?y=1 on 14/07/2025.";
        for (int max = 1; max <= text.length(); max++) {
            assertInvariants(text, TextSplitter.split(text, max), max, true);
        }
    }

    @Test
    void acceptsAChunkLimitOfOne() {
        assertThat(TextSplitter.split("ab c😀", 1)).containsExactly("a", "b", "c", "😀");
    }

    @Test
    void rejectsAChunkLimitBelowOne() {
        assertThatThrownBy(() -> TextSplitter.split("text", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChars must be at least 1, was 0");
    }

    @Test
    void keepsEveryInvariantOnRandomText() {
        Random random = new Random(20_250_714L);
        String[] alphabet = {
            "a", "b", "z", "É", "ß", "1", "9", " ", " ", " ", "  ", "\n", "\t", "\u00A0", ".", ",",
            ";", ":", "!", "?", "…", "\"", ")", "-", "/", "你", "好", "世", "。", "，", "、", "！",
            "？", "😀", "👍🏽", "🇫🇷", "👨‍👩‍👧", "e\u0301", "a\u0308\u0304", "한", "ع", "\u200D"
        };
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(6) == 0) {
                    sb.append("word".repeat(1 + random.nextInt(3)));
                } else {
                    sb.append(alphabet[random.nextInt(alphabet.length)]);
                }
            }
            String text = sb.toString();
            int max = 1 + random.nextInt(random.nextBoolean() ? 12 : 80);
            List<String> chunks = TextSplitter.split(text, max);
            assertInvariants(text, chunks, max, max >= 8);
        }
    }

    @Test
    void splitsTwentyThousandCharactersQuickly() {
        String sentence = "The quick brown fox, who was 3.5 years old, jumped over 12 lazy dogs! ";
        String text = sentence.repeat(20_000 / sentence.length() + 1);
        long start = System.nanoTime();
        List<String> chunks = TextSplitter.split(text, 200);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertInvariants(text, chunks, 200, true);
        assertThat(millis).isLessThan(2_000);
    }

    /**
     * Checks the documented guarantees: chunks non-empty, trimmed, within the limit, in order, only
     * whitespace between them; optionally that every cut is on a grapheme cluster boundary (true
     * whenever no single cluster is longer than the limit and no mark follows whitespace).
     */
    static void assertInvariants(String text, List<String> chunks, int max, boolean graphemeSafe) {
        String context = "text=<" + escape(text) + "> max=" + max + " chunks=" + chunks;
        BitSet boundaries = graphemeBoundaries(text);
        int pos = 0;
        for (String chunk : chunks) {
            assertThat(chunk).as(context).isNotEmpty();
            assertThat(chunk.codePointCount(0, chunk.length())).as(context).isLessThanOrEqualTo(max);
            assertThat(TextSplitter.isSpace(chunk.codePointAt(0))).as(context).isFalse();
            assertThat(TextSplitter.isSpace(chunk.codePointBefore(chunk.length())))
                    .as(context)
                    .isFalse();
            int start = text.indexOf(chunk, pos);
            assertThat(start).as(context).isGreaterThanOrEqualTo(pos);
            assertThat(TextSplitter.isBlank(text.substring(pos, start)))
                    .as(context + " gap")
                    .isTrue();
            int end = start + chunk.length();
            assertThat(Character.isLowSurrogate(text.charAt(start))
                            && start > 0
                            && Character.isHighSurrogate(text.charAt(start - 1)))
                    .as(context)
                    .isFalse();
            if (graphemeSafe && !hasMarkAfterSpace(text)) {
                assertThat(boundaries.get(start))
                        .as(context + " start " + start)
                        .isTrue();
                assertThat(boundaries.get(end)).as(context + " end " + end).isTrue();
            }
            pos = end;
        }
        assertThat(TextSplitter.isBlank(text.substring(pos)))
                .as(context + " tail")
                .isTrue();
    }

    private static boolean hasMarkAfterSpace(String text) {
        Matcher m = Pattern.compile("[\\s\\u00A0\\u3000][\\p{M}\\u200D]").matcher(text);
        return m.find() || longestClusterCodePoints(text) > 7;
    }

    private static int longestClusterCodePoints(String text) {
        Matcher m = Pattern.compile("\\X").matcher(text);
        int longest = 0;
        while (m.find()) {
            longest = Math.max(longest, m.group().codePointCount(0, m.group().length()));
        }
        return longest;
    }

    private static BitSet graphemeBoundaries(String text) {
        BitSet set = new BitSet();
        set.set(0);
        Matcher m = Pattern.compile("\\X").matcher(text);
        while (m.find()) {
            set.set(m.end());
        }
        return set;
    }

    private static String escape(String text) {
        List<String> parts = new ArrayList<>();
        text.codePoints()
                .forEach(cp ->
                        parts.add(cp < 0x80 && cp >= 0x20 ? String.valueOf((char) cp) : String.format("\\u{%X}", cp)));
        return String.join("", parts);
    }
}
