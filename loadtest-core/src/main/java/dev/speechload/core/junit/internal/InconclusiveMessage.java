package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.config.InconclusiveOutcome;
import dev.speechload.core.config.Settings;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.RunResult;

/** The message an INCONCLUSIVE test is aborted (or failed) with. Not API. */
final class InconclusiveMessage {

    private InconclusiveMessage() {}

    static String of(Verdict verdict, RunResult result) {
        StringBuilder sb = new StringBuilder(verdict.testName()).append(" is INCONCLUSIVE: ");
        Health health = result.health();
        if (health != null && health.reason() != null) {
            sb.append("the measurement could not be trusted (")
                    .append(health.reason())
                    .append(')');
        } else {
            sb.append("some figures could not be judged");
        }
        for (MetricVerdict m : verdict.metricsWithStatus(VerdictStatus.INCONCLUSIVE)) {
            sb.append("\n  - ").append(m.metric()).append(": ").append(m.reason());
        }
        sb.append("\nNothing was judged a regression or a pass on these figures. Run it again on a quieter machine,"
                        + " or set ")
                .append(Settings.INCONCLUSIVE)
                .append("=")
                .append(String.join("|", names()))
                .append(" to decide otherwise.");
        return sb.toString();
    }

    private static String[] names() {
        InconclusiveOutcome[] values = InconclusiveOutcome.values();
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name().toLowerCase(java.util.Locale.ROOT);
        }
        return names;
    }
}
