package dev.speechload.core.cli;

import dev.speechload.core.result.Health;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.ShardRun;
import dev.speechload.core.result.Sharding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The shards a merge is made of: checks they belong to one split (same count, no index twice),
 * finds the missing ones, and keeps each shard's load, start and health for the merged result.
 * Inputs that are no shards (results of generators run without {@code loadtest.shard}) are
 * numbered in the order given.
 */
final class ShardSet {

    private final List<ShardRun> runs = new ArrayList<>();
    private final List<Integer> missing = new ArrayList<>();
    private final int count;
    private final int[] indexOfInput;

    ShardSet(List<String> labels, List<RunResult> inputs) {
        boolean allSharded = inputs.stream()
                .allMatch(r -> r.sharding() != null && !r.sharding().merged());
        int n = allSharded ? inputs.get(0).sharding().count() : inputs.size();
        String[] byIndex = new String[n];
        indexOfInput = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            RunResult r = inputs.get(i);
            Sharding s = r.sharding();
            int index = allSharded ? s.index() : i;
            if (allSharded && (s.count() != n || s.index() < 0 || s.index() >= n)) {
                throw new IllegalArgumentException("cannot merge shards of different splits: " + labels.get(0)
                        + " is shard " + inputs.get(0).sharding().index() + "/" + n + " but " + labels.get(i)
                        + " is shard " + s.index() + "/" + s.count() + " — merge the shards of one run");
            }
            if (byIndex[index] != null) {
                throw new IllegalArgumentException("cannot merge one shard twice: " + byIndex[index] + " and "
                        + labels.get(i) + " are both shard " + index + "/" + n + " — give each shard's file once");
            }
            byIndex[index] = labels.get(i);
            indexOfInput[i] = index;
            Health h = r.health();
            runs.add(new ShardRun(
                    labels.get(i),
                    index,
                    n,
                    r.partial(),
                    allSharded ? s.plannedStartEpochMillis() : 0,
                    allSharded ? s.actualStartEpochMillis() : r.startedAtEpochMillis(),
                    r.plan().channels(),
                    r.throughput() == null ? 0 : r.throughput().completedIterations(),
                    r.errors() == null ? 0 : r.errors().failedIterations(),
                    r.throughput() == null ? 0 : r.throughput().throughputPerSecond(),
                    h == null ? null : h.status(),
                    h == null ? null : h.reason()));
        }
        for (int k = 0; k < n; k++) {
            if (byIndex[k] == null) {
                missing.add(k);
            }
        }
        runs.sort(Comparator.comparingInt(ShardRun::index));
        count = n;
    }

    /** Whether the merge lacks load it should hold: a shard partial or missing. */
    boolean incomplete() {
        return !missing.isEmpty() || runs.stream().anyMatch(ShardRun::partial);
    }

    /** What the merged result names: every shard, the common planned start, the earliest actual start. */
    Sharding sharding() {
        long planned = new TreeSet<>(
                        runs.stream().map(ShardRun::plannedStartEpochMillis).toList())
                .first();
        long actual =
                runs.stream().mapToLong(ShardRun::actualStartEpochMillis).min().orElse(0);
        return new Sharding(Sharding.MERGED, count, planned, actual, runs);
    }

    /** Why the merge is partial, and how far apart the shards started. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (int k : missing) {
            notes.add("shard " + k + "/" + count + " is missing: the merged result lacks its load and is marked"
                    + " partial");
        }
        runs.stream()
                .filter(ShardRun::partial)
                .forEach(r -> notes.add("shard " + r.index() + "/" + count + " (" + r.source()
                        + ") was stopped before it ended: the merged result is marked partial"));
        if (runs.size() > 1) {
            notes.add("the shards started within " + sharding().startSpreadMillis() + " ms of each other (each by its"
                    + " own machine's clock, so this includes the clocks' offset)");
        }
        TreeSet<Long> planned = new TreeSet<>(
                runs.stream().map(ShardRun::plannedStartEpochMillis).toList());
        if (planned.size() > 1) {
            // Each shard works out every test's start from loadtest.startAt alone: different starts mean
            // different schedules (other tests before this one, other plans, another startAt).
            notes.add("the shards were asked to start this test at different instants (" + planned.size()
                    + " different planned starts, " + (planned.last() - planned.first()) + " ms apart): they ran"
                    + " other tests or plans before it, or had another loadtest.startAt, so their loads overlapped"
                    + " only in part; run every shard with the same tests and settings");
        }
        return notes;
    }

    /**
     * The merged health: the worst shard's (a merge is only as trustworthy as its least trusted
     * shard), its reason naming that shard; null when no shard had one.
     */
    Health worstHealth(List<RunResult> inputs) {
        Health worst = null;
        int worstInput = -1;
        for (int i = 0; i < inputs.size(); i++) {
            Health h = inputs.get(i).health();
            if (h != null
                    && (worst == null || h.status().ordinal() > worst.status().ordinal())) {
                worst = h;
                worstInput = i;
            }
        }
        if (worst == null) {
            return null;
        }
        return new Health(
                worst.status(),
                "shard " + indexOfInput[worstInput] + "/" + count + " (the worst of " + runs.size() + "): "
                        + worst.reason(),
                worst.figures(),
                worst.findings(),
                worst.trials(),
                worst.trialsCompromised());
    }
}
