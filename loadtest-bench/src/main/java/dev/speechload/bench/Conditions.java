package dev.speechload.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The conditions a measurement ran under, printed with its figures so nobody reads a number
 * without them: CPU, cores, JVM, heap limit, and the load average (other builds share this
 * machine). Stateless.
 */
final class Conditions {

    private Conditions() {}

    /** One line: CPU model, cores, JVM and its options, max heap. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %s %s (%s), max heap %d MiB, JVM options %s",
                cpuModel(),
                rt.availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                rt.maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or the JVM's 1-minute figure. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f (1 min)",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // Not Linux: the architecture below is all we know.
        }
        return System.getProperty("os.arch");
    }
}
