package dev.speechload.suites.stt;

import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.RunResult;
import java.util.TreeSet;

/** Reads counters of a {@link RunResult}, failing with the names it has when one is missing. Stateless. */
public final class Counters {

    private Counters() {}

    /**
     * The total of counter {@code name}.
     *
     * @throws AssertionError naming the counters the result holds when {@code name} is not one of them
     */
    public static long total(RunResult result, String name) {
        CounterSummary counter = result.counters().get(name);
        if (counter == null) {
            throw new AssertionError("the result of " + result.testName() + " has no counter '" + name + "'; it has "
                    + new TreeSet<>(result.counters().keySet()));
        }
        return counter.total();
    }
}
