package dev.speechload.core.engine;

import dev.speechload.core.config.Shard;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one plan across n load generators. Channels are dealt out in turn within each ramp step
 * (channel c of the whole plan goes to shard {@code c mod n}), so every shard's ramp holds its
 * share of every step, the remainders of each step rotate over the shards, and the shards' step
 * counts add up to the plan's exactly.
 */
final class PlanSplit {

    private PlanSplit() {}

    static LoadPlan shard(LoadPlan plan, Shard shard) {
        int n = shard.count();
        if (plan.shardOf() != null) {
            throw new IllegalArgumentException(
                    "this plan is already shard " + plan.shardOf() + " of another: split" + " the whole plan");
        }
        if (n == 1) {
            return plan;
        }
        if (plan.channels() < n) {
            throw new IllegalArgumentException("the plan has " + plan.channels()
                    + (plan.model() == LoadPlan.WorkloadModel.OPEN ? " workers" : " channels") + ", fewer than the " + n
                    + " shards: every shard needs at least one; run at most " + plan.channels() + " shards");
        }
        int k = shard.index();
        if (plan.model() == LoadPlan.WorkloadModel.OPEN) {
            // The rate's share: every ramp step's rate is (rate x step / steps), so each shard keeps its share of each.
            double rate = plan.arrivalsPerSecond() * (k + 1) / n - plan.arrivalsPerSecond() * k / n;
            return new LoadPlan(
                    plan.model(),
                    owned(0, plan.channels(), k, n),
                    rate,
                    plan.rampSteps(),
                    plan.rampInterval(),
                    plan.warmupIterations(),
                    plan.warmup(),
                    plan.duration(),
                    plan.iterations(),
                    plan.expectedInterval(),
                    plan.trials(),
                    plan.sampleInterval(),
                    List.of(),
                    shard);
        }
        List<Integer> steps = new ArrayList<>();
        int channels = 0;
        for (int s = 1; s <= plan.rampSteps(); s++) {
            int inStep = owned(plan.firstChannelOfStep(s), plan.firstChannelOfStep(s + 1), k, n);
            steps.add(inStep);
            channels += inStep;
        }
        return new LoadPlan(
                plan.model(),
                channels,
                plan.arrivalsPerSecond(),
                plan.rampSteps(),
                plan.rampInterval(),
                plan.warmupIterations(),
                plan.warmup(),
                plan.duration(),
                plan.iterations(),
                plan.expectedInterval(),
                plan.trials(),
                plan.sampleInterval(),
                steps,
                shard);
    }

    /** How many of the channels {@code [from, to)} are {@code k mod n}. */
    static int owned(int from, int to, int k, int n) {
        return countBelow(to, k, n) - countBelow(from, k, n);
    }

    /** How many of {@code [0, x)} are {@code k mod n}. */
    private static int countBelow(int x, int k, int n) {
        return x <= k ? 0 : (x - 1 - k) / n + 1;
    }
}
