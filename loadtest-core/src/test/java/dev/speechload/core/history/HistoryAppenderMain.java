package dev.speechload.core.history;

/**
 * A second JVM for {@link HistoryTwoJvmTests}: appends runs {@code first..first+count-1} of a test to the
 * history at a URL, then prints "done". Args: url test first count.
 */
public final class HistoryAppenderMain {

    private HistoryAppenderMain() {}

    public static void main(String[] args) {
        History history = Histories.open(args[0]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        for (int n = first; n < first + count; n++) {
            history.append(HistoryFixtures.run(args[1], n, 10_000_000L + n, null), null, null);
        }
        System.out.println("done");
    }
}
