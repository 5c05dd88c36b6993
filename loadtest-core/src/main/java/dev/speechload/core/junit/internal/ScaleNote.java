package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Durations;
import dev.speechload.core.engine.LoadPlan;
import java.util.Locale;

/**
 * Says what the smoke scale made of a declared plan, e.g.
 * {@code smoke scale: 1 channel x 1s (declared 10 x 10s)}, so a scaled-down run is never read as
 * the plan the test declares. Pure function; not API.
 */
final class ScaleNote {

    private ScaleNote() {}

    /**
     * The note for a run of {@code run} where the test declares {@code declared}; null when the
     * smoke scale changed nothing that the note would tell (a test already smoke-sized).
     */
    static String describe(LoadPlan declared, LoadPlan run) {
        if (declared.channels() == run.channels()
                && declared.iterations() == run.iterations()
                && declared.duration().equals(run.duration())
                && declared.trials() == run.trials()
                && declared.arrivalsPerSecond() == run.arrivalsPerSecond()) {
            return null;
        }
        StringBuilder out = new StringBuilder("smoke scale: ");
        if (run.model() == LoadPlan.WorkloadModel.OPEN) {
            out.append(rate(run.arrivalsPerSecond())).append(" arrivals/s, ");
        }
        out.append(run.channels())
                .append(run.channels() == 1 ? " channel x " : " channels x ")
                .append(extent(run));
        out.append(" (declared ");
        if (declared.model() == LoadPlan.WorkloadModel.OPEN) {
            out.append(rate(declared.arrivalsPerSecond())).append(" arrivals/s, ");
        }
        out.append(declared.channels()).append(" x ").append(extent(declared));
        if (run.trials() != declared.trials()) {
            out.append(", ").append(declared.trials()).append(" trials; ran ").append(run.trials());
        }
        return out.append(')').toString();
    }

    private static String extent(LoadPlan plan) {
        return plan.iterations() > 0
                ? plan.iterations() + (plan.iterations() == 1 ? " iteration" : " iterations")
                : Durations.format(plan.duration());
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond)
                ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%,.2f", perSecond);
    }
}
