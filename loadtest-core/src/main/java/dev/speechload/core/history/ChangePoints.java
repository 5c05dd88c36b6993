package dev.speechload.core.history;

import dev.speechload.core.history.internal.EDivisive;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds where a test's figure shifted over its runs, with E-divisive means (the method of MongoDB's
 * and Apache Otava's change-point detection; docs/history.md gives its parameters and its measured
 * false-alarm and detection rates). COMPROMISED runs are left out. Stateless; a series always gives
 * the same answer (the permutations are seeded).
 */
public final class ChangePoints {

    /**
     * The figures worth watching: the judged latencies' p50 and p99, throughput, error ratio and the
     * server's memory growth. The generator's own latencies and failed iterations' times are not the server's.
     */
    private static final Pattern WATCHED = Pattern.compile(
            "latency\\.(?!generator\\.|failed_time\\.)[^ ]+\\.(p50|p99)|throughput|errors\\.ratio|memory\\.growth");

    private ChangePoints() {}

    /**
     * Parameters of the method.
     *
     * @param significance a shift is reported when its p-value is at most this, 0..1
     * @param permutations permutations per test, &gt;= 1
     * @param minRuns      fewest usable runs on each side of a shift, &gt;= 2
     */
    public record Options(double significance, int permutations, int minRuns) {

        /** 5 % significance, 199 permutations, 3 runs on each side. */
        public static final Options DEFAULT = new Options(0.05, 199, 3);

        public Options {
            if (!(significance > 0 && significance < 1) || permutations < 1 || minRuns < 2) {
                throw new IllegalArgumentException("significance must be in (0, 1), permutations >= 1 and minRuns"
                        + " >= 2; were " + significance + ", " + permutations + ", " + minRuns);
            }
        }
    }

    /** Whether change points are searched for this figure by default ({@code speechload history changes}). */
    public static boolean watched(String metric) {
        return WATCHED.matcher(metric).matches();
    }

    /** The change points of a trend with {@link Options#DEFAULT}, in time order. */
    public static List<ChangePoint> find(String testName, String metric, List<TrendPoint> trend) {
        return find(testName, metric, trend, Options.DEFAULT);
    }

    /** The change points of a trend (oldest point first), in time order; COMPROMISED points are left out. */
    public static List<ChangePoint> find(String testName, String metric, List<TrendPoint> trend, Options options) {
        List<TrendPoint> usable = trend.stream().filter(TrendPoint::usable).toList();
        double[] values = usable.stream().mapToDouble(TrendPoint::value).toArray();
        List<EDivisive.Split> splits = EDivisive.splits(
                values,
                options.significance(),
                options.permutations(),
                options.minRuns(),
                (testName + "/" + metric).hashCode());
        List<ChangePoint> out = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            int at = splits.get(i).index();
            int from = i == 0 ? 0 : splits.get(i - 1).index();
            int to = i + 1 < splits.size() ? splits.get(i + 1).index() : values.length;
            TrendPoint first = usable.get(at);
            out.add(new ChangePoint(
                    testName,
                    metric,
                    first.runId(),
                    first.startedAtEpochMillis(),
                    first.gitCommit(),
                    usable.get(at - 1).gitCommit(),
                    mean(values, from, at),
                    mean(values, at, to),
                    splits.get(i).pValue()));
        }
        return out;
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += v[i];
        }
        return sum / (to - from);
    }
}
