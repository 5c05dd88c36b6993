package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.LoadPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * When a channel of the closed model starts: its ramp step and that step's offset after the run's
 * start. A step's channels are {@code [(s-1) x channels / steps, s x channels / steps)}.
 *
 * @param offsetNanos planned start, after {@code t0}
 */
record ClosedStart(int channel, int rampStep, long offsetNanos) {

    /** The channels of the ramp steps planned before {@code spanNanos} after the start, in order. */
    static List<ClosedStart> of(LoadPlan plan, long spanNanos) {
        List<ClosedStart> starts = new ArrayList<>();
        long interval = plan.rampInterval().toNanos();
        for (int s = 1; s <= plan.rampSteps(); s++) {
            long offset = (s - 1) * interval;
            if (offset >= spanNanos) {
                break;
            }
            for (int c = plan.firstChannelOfStep(s); c < plan.firstChannelOfStep(s + 1); c++) {
                starts.add(new ClosedStart(c, s, offset));
            }
        }
        return starts;
    }
}
