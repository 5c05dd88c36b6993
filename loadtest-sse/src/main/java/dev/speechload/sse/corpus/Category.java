package dev.speechload.sse.corpus;

/**
 * The categories of the TTS stress corpus. Words are counted as whitespace-separated tokens
 * ({@link CorpusItem#words()}), so a CJK sentence without spaces is one word.
 */
public enum Category {
    /** 1 to 5 words: the minimum viable request. */
    SHORT(1, 5),
    /** 10 to 30 words: the normal case. */
    MEDIUM(10, 30),
    /** 50 to 200 words: towards the upper limit. */
    LONG(50, 200),
    /** 500 to 1,500 words: must fail cleanly or be split by the server. */
    VERY_LONG(500, 1500),
    /** Emoji, punctuation, numbers, dates, URLs, symbols, accents, combining marks. */
    SPECIAL(1, Integer.MAX_VALUE),
    /** Empty or whitespace only: must be refused without a crash. */
    EMPTY(0, 0),
    /** Latin, CJK and other scripts in one text (code-switching). */
    MIXED_LANGUAGE(3, Integer.MAX_VALUE),
    /** One medium text sent many times in a row (100 by default): leaks and audio stability. */
    REPETITION(10, 30);

    private final int minWords;
    private final int maxWords;

    Category(int minWords, int maxWords) {
        this.minWords = minWords;
        this.maxWords = maxWords;
    }

    /** Fewest words a text of this category has. */
    public int minWords() {
        return minWords;
    }

    /** Most words a text of this category has ({@link Integer#MAX_VALUE}: no bound). */
    public int maxWords() {
        return maxWords;
    }
}
