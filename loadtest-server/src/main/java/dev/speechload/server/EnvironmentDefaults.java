package dev.speechload.server;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes a flag's default from the environment: {@code --fault-latency-ms} reads
 * {@code SPEECHLOAD_FAULT_LATENCY_MS}. Containers and CI steer the server without a changed
 * command line; a flag given on the command line still wins.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> environment;

    /** @param environment usually {@link System#getenv()} */
    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The variable for a flag: {@code --max-sessions} gives {@code SPEECHLOAD_MAX_SESSIONS}. */
    static String variableFor(String longFlag) {
        return "SPEECHLOAD_"
                + longFlag.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = environment.get(variableFor(option.longestName()));
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The variables of these flags that are set but blank. Read as unset they would silently undo
     * what the user meant (a blank {@code SPEECHLOAD_METRICS_TOKEN} left /metrics open while
     * {@code --metrics-token ""} is refused), so the command refuses them, as it refuses the flag.
     */
    java.util.List<String> blankVariables(Iterable<OptionSpec> options) {
        java.util.List<String> blank = new java.util.ArrayList<>();
        for (OptionSpec option : options) {
            String name = variableFor(option.longestName());
            String value = environment.get(name);
            if (value != null && value.isBlank()) {
                blank.add(name);
            }
        }
        return blank;
    }
}
