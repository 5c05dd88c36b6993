package dev.speechload.sse.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The TTS stress corpus: texts of every {@link Category}, generated deterministically from the
 * sentences shipped in {@code dev/speechload/sse/corpus/} (see {@code SOURCES.md} there): the
 * same count and seed always give the same list, on every machine and JVM.
 *
 * <p>{@link #generate(int, long)} mixes the categories in fixed shares (short 16 %, medium 22 %,
 * long 14 %, very long 3 %, special 15 %, empty 5 %, mixed languages 15 %, repetition 10 %; at
 * least one of each from 8 items on), shuffles them, and keeps the repetitions together: one
 * text sent up to {@value #REPETITIONS} times in a row (so 1,000 items hold exactly one run of
 * 100).
 *
 * <p>Stateless and thread-safe; the sources are read once, when the class loads.
 */
public final class StressCorpus {

    /** How many times in a row a repetition text is sent. */
    public static final int REPETITIONS = 100;

    private static final String FOLDER = "/dev/speechload/sse/corpus/";
    private static final List<String> SENTENCES = load("sentences-en.txt");
    private static final List<String> CJK = load("sentences-cjk.txt");
    private static final List<String> OTHER = load("phrases-other.txt");
    private static final List<String> SPECIAL = load("special.txt");
    private static final List<String> BLANKS =
            List.of("", " ", "\n", "\t", "\r\n", "   ", " \n\t \n ", "\u3000", "\n\n\n");
    private static final Map<Category, Integer> SHARES_PERCENT = shares();
    /** Categories in the order small corpora take them, one each. */
    private static final List<Category> SMALL_ORDER = List.of(
            Category.SHORT,
            Category.MEDIUM,
            Category.SPECIAL,
            Category.EMPTY,
            Category.MIXED_LANGUAGE,
            Category.LONG,
            Category.REPETITION,
            Category.VERY_LONG);

    private StressCorpus() {}

    /**
     * {@code count} items of all categories.
     *
     * @param count &gt;= 0
     * @param seed  any value; the same seed gives the same corpus
     */
    public static List<CorpusItem> generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("StressCorpus.generate: count must be >= 0, was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<Category, Integer> counts = counts(count);
        List<CorpusItem> others = new ArrayList<>();
        for (Category c : Category.values()) {
            if (c != Category.REPETITION) {
                others.addAll(generate(c, counts.get(c), random.nextLong()));
            }
        }
        shuffle(others, random);
        List<CorpusItem> repeats = generate(Category.REPETITION, counts.get(Category.REPETITION), random.nextLong());
        int at = others.isEmpty() ? 0 : random.nextInt(others.size() + 1);
        List<CorpusItem> out = new ArrayList<>(count);
        out.addAll(others.subList(0, at));
        out.addAll(repeats);
        out.addAll(others.subList(at, others.size()));
        return List.copyOf(out);
    }

    /**
     * {@code count} items of one category; for {@link Category#REPETITION}, runs of up to
     * {@value #REPETITIONS} copies of one text each.
     */
    public static List<CorpusItem> generate(Category category, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("StressCorpus.generate: count must be >= 0, was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<CorpusItem> out = new ArrayList<>(count);
        String repeated = null;
        for (int i = 0; i < count; i++) {
            String text;
            if (category == Category.REPETITION) {
                if (i % REPETITIONS == 0) {
                    repeated = words(random, between(random, 10, 30));
                }
                text = repeated;
            } else {
                text = text(category, random);
            }
            out.add(new CorpusItem(category, text));
        }
        return List.copyOf(out);
    }

    /**
     * A text of at least {@code minChars} code points made of whole sentences, starting with a
     * letter: what a length-limit search cuts prefixes from.
     *
     * @param minChars &gt;= 1
     */
    public static String longText(int minChars, long seed) {
        if (minChars < 1) {
            throw new IllegalArgumentException("StressCorpus.longText: minChars must be >= 1, was " + minChars);
        }
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int start = random.nextInt(SENTENCES.size());
        for (int i = 0; sb.codePointCount(0, sb.length()) < minChars; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(SENTENCES.get((start + i) % SENTENCES.size()));
        }
        return sb.toString();
    }

    private static String text(Category category, SplittableRandom random) {
        switch (category) {
            case SHORT:
                return shortText(random);
            case MEDIUM:
            case LONG:
            case VERY_LONG:
                return words(random, between(random, category.minWords(), category.maxWords()));
            case SPECIAL:
                return special(random);
            case EMPTY:
                return BLANKS.get(random.nextInt(BLANKS.size()));
            case MIXED_LANGUAGE:
                return mixed(random);
            default:
                throw new IllegalArgumentException("no generator for " + category);
        }
    }

    private static String shortText(SplittableRandom random) {
        String[] tokens = pick(SENTENCES, random).split(" ");
        int n = between(random, 1, Math.min(5, tokens.length));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(tokens[i]);
        }
        return trimPunctuation(sb.toString());
    }

    /** Exactly {@code n} words of consecutive sentences, ending with a full stop. */
    private static String words(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder();
        int index = random.nextInt(SENTENCES.size());
        int taken = 0;
        while (taken < n) {
            for (String token : SENTENCES.get(index).split(" ")) {
                if (taken == n) {
                    break;
                }
                if (taken > 0) {
                    sb.append(' ');
                }
                sb.append(token);
                taken++;
            }
            index = (index + 1) % SENTENCES.size();
        }
        String text = trimPunctuation(sb.toString());
        return text + ".";
    }

    private static String special(SplittableRandom random) {
        String template = pick(SPECIAL, random);
        return template.replace("{sentence}", pick(SENTENCES, random));
    }

    private static String mixed(SplittableRandom random) {
        List<String> parts = new ArrayList<>(List.of(pick(SENTENCES, random), pick(CJK, random), pick(OTHER, random)));
        shuffle(parts, random);
        return String.join(" ", parts);
    }

    private static Map<Category, Integer> counts(int count) {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            counts.put(c, 0);
        }
        if (count < SMALL_ORDER.size()) {
            for (int i = 0; i < count; i++) {
                counts.merge(SMALL_ORDER.get(i), 1, Integer::sum);
            }
            return counts;
        }
        int assigned = 0;
        for (Category c : Category.values()) {
            int n = Math.max(1, count * SHARES_PERCENT.get(c) / 100);
            counts.put(c, n);
            assigned += n;
        }
        // Rounding leftovers (or the minimum of one each) are settled on the medium share.
        counts.merge(Category.MEDIUM, count - assigned, Integer::sum);
        return counts;
    }

    private static Map<Category, Integer> shares() {
        Map<Category, Integer> shares = new EnumMap<>(Category.class);
        shares.put(Category.SHORT, 16);
        shares.put(Category.MEDIUM, 22);
        shares.put(Category.LONG, 14);
        shares.put(Category.VERY_LONG, 3);
        shares.put(Category.SPECIAL, 15);
        shares.put(Category.EMPTY, 5);
        shares.put(Category.MIXED_LANGUAGE, 15);
        shares.put(Category.REPETITION, 10);
        return shares;
    }

    private static String trimPunctuation(String s) {
        int end = s.length();
        while (end > 1 && ".,;:!?".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    private static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private static String pick(List<String> list, SplittableRandom random) {
        return list.get(random.nextInt(list.size()));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static List<String> load(String name) {
        try (InputStream in = StressCorpus.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus source " + FOLDER + name + " is missing from the classpath;"
                        + " the loadtest-sse jar is incomplete");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.strip());
                }
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus source " + FOLDER + name, e);
        }
    }
}
