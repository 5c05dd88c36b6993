package dev.speechload.sse.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StressCorpusTests {

    @ParameterizedTest
    @EnumSource(
            value = Category.class,
            names = {"SHORT", "MEDIUM", "LONG", "VERY_LONG", "REPETITION"})
    void keepsWordCountsWithinTheCategoryRange(Category category) {
        List<CorpusItem> items = StressCorpus.generate(category, 200, 42);
        assertThat(items).hasSize(200).allSatisfy(item -> {
            assertThat(item.category()).isEqualTo(category);
            assertThat(item.words()).isBetween(category.minWords(), category.maxWords());
        });
        // The generator spreads over the range, not one fixed size (repetitions are one text per 100).
        long sizes = items.stream().mapToInt(CorpusItem::words).distinct().count();
        assertThat(sizes).isGreaterThanOrEqualTo(category == Category.REPETITION ? 1 : 4);
    }

    @Test
    void veryLongTextsHaveAtLeastFiveHundredWords() {
        assertThat(StressCorpus.generate(Category.VERY_LONG, 20, 7))
                .allSatisfy(i -> assertThat(i.words()).isGreaterThanOrEqualTo(500));
    }

    @Test
    void emptyTextsAreEmptyOrWhitespaceOnly() {
        assertThat(StressCorpus.generate(Category.EMPTY, 50, 3))
                .allSatisfy(i -> assertThat(i.text()).isBlank())
                .extracting(CorpusItem::text)
                .contains("", " ", "\n");
    }

    @Test
    void mixedTextsHoldLatinAndCjkScripts() {
        assertThat(StressCorpus.generate(Category.MIXED_LANGUAGE, 50, 5)).allSatisfy(i -> {
            assertThat(i.text()).containsPattern("[A-Za-z]");
            assertThat(i.text()
                            .codePoints()
                            .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                                    || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL))
                    .isTrue();
        });
    }

    @Test
    void specialTextsCoverEmojiUrlsNumbersAndDates() {
        List<String> texts = StressCorpus.generate(Category.SPECIAL, 300, 9).stream()
                .map(CorpusItem::text)
                .toList();
        assertThat(texts).anyMatch(t -> t.contains("🙂") || t.contains("👨‍👩‍👧‍👦"));
        assertThat(texts).anyMatch(t -> t.contains("https://"));
        assertThat(texts).anyMatch(t -> t.contains("3.14159"));
        assertThat(texts).anyMatch(t -> t.contains("2025"));
        assertThat(texts).noneMatch(t -> t.contains("{sentence}"));
    }

    @Test
    void isDeterministicForASeedAndDiffersAcrossSeeds() {
        assertThat(StressCorpus.generate(300, 11)).isEqualTo(StressCorpus.generate(300, 11));
        assertThat(StressCorpus.generate(300, 11)).isNotEqualTo(StressCorpus.generate(300, 12));
    }

    @Test
    void mixesEveryCategoryAndKeepsOneHundredRepetitionsInARow() {
        List<CorpusItem> items = StressCorpus.generate(1000, 1);
        assertThat(items).hasSize(1000);
        Map<Category, Long> counts =
                items.stream().collect(Collectors.groupingBy(CorpusItem::category, Collectors.counting()));
        assertThat(counts).containsOnlyKeys(Category.values());
        assertThat(counts.get(Category.REPETITION)).isEqualTo(100);
        int first = items.indexOf(items.stream()
                .filter(i -> i.category() == Category.REPETITION)
                .findFirst()
                .orElseThrow());
        List<CorpusItem> run = items.subList(first, first + 100);
        assertThat(run).allSatisfy(i -> assertThat(i).isEqualTo(run.get(0)));
    }

    @Test
    void givesSmallCorporaOneItemOfEachCategoryInTurn() {
        assertThat(StressCorpus.generate(3, 1))
                .extracting(CorpusItem::category)
                .containsExactlyInAnyOrder(Category.SHORT, Category.MEDIUM, Category.SPECIAL);
        assertThat(StressCorpus.generate(8, 1))
                .extracting(CorpusItem::category)
                .containsExactlyInAnyOrder(Category.values());
        assertThat(StressCorpus.generate(0, 1)).isEmpty();
    }

    @Test
    void makesLongTextsOfAtLeastTheAskedLengthStartingWithALetter() {
        String text = StressCorpus.longText(5000, 2);
        assertThat(text.codePointCount(0, text.length())).isGreaterThanOrEqualTo(5000);
        assertThat(Character.isLetter(text.codePointAt(0))).isTrue();
    }

    @Test
    void countsWordsAndTruncatesByCodePoints() {
        assertThat(new CorpusItem(Category.SHORT, "  a b\tc\n").words()).isEqualTo(3);
        assertThat(new CorpusItem(Category.SHORT, "🙂🙂🙂🙂🙂🙂").truncated(5)).isEqualTo("🙂🙂...");
        assertThat(new CorpusItem(Category.SHORT, "🙂").chars()).isEqualTo(1);
        assertThatThrownBy(() -> StressCorpus.generate(-1, 0))
                .hasMessage("StressCorpus.generate: count must be >= 0, was -1");
    }
}
