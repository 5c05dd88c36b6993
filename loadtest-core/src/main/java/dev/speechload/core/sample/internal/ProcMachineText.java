package dev.speechload.core.sample.internal;

/**
 * Parses the machine-wide files of Linux's {@code /proc}. Pure; thread-safe. Text that does not
 * have the expected shape reads as -1 (unknown), never as an exception: machine health is a
 * best-effort figure and must not stop a run.
 *
 * <p>CPU times in {@code /proc/stat} and {@code /proc/PID/stat} are in clock ticks of
 * {@code USER_HZ}, which Linux fixes at 100 per second for user space on every architecture
 * speechload runs on; {@link #NANOS_PER_TICK} turns them into nanoseconds.
 */
public final class ProcMachineText {

    /** One clock tick ({@code USER_HZ} = 100 Hz) in nanoseconds. */
    public static final long NANOS_PER_TICK = 10_000_000L;

    private ProcMachineText() {}

    /**
     * The figures of {@code /proc/stat}, in ticks; -1 where missing.
     *
     * @param cpus         {@code cpuN} lines
     * @param busyTicks    user + nice + system + irq + softirq (guest time is already inside user)
     * @param totalTicks   busy + idle + iowait + steal
     * @param stealTicks   steal
     * @param procsRunning the {@code procs_running} line
     */
    public record Stat(int cpus, long busyTicks, long totalTicks, long stealTicks, long procsRunning) {
        public static final Stat UNKNOWN = new Stat(-1, -1, -1, -1, -1);
    }

    /** Parses {@code /proc/stat}. */
    public static Stat parseStat(String text) {
        if (text == null) {
            return Stat.UNKNOWN;
        }
        int cpus = 0;
        long busy = -1;
        long total = -1;
        long steal = -1;
        long running = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                long[] f = numbers(line.substring(4));
                // user nice system idle iowait irq softirq steal guest guest_nice
                if (f.length >= 4) {
                    long user = f[0];
                    long nice = f[1];
                    long system = f[2];
                    long idle = f[3];
                    long iowait = at(f, 4);
                    long irq = at(f, 5);
                    long softirq = at(f, 6);
                    steal = at(f, 7);
                    busy = user + nice + system + irq + softirq;
                    total = busy + idle + iowait + steal;
                }
            } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            } else if (line.startsWith("procs_running ")) {
                long[] f = numbers(line.substring("procs_running ".length()));
                running = f.length == 1 ? f[0] : -1;
            }
        }
        return new Stat(cpus > 0 ? cpus : -1, busy, total, steal, running);
    }

    /** The cumulative "some" stall time of {@code /proc/pressure/cpu} in microseconds, -1 when absent. */
    public static long parsePressureSomeMicros(String text) {
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("some ")) {
                for (String part : line.trim().split("\\s+")) {
                    if (part.startsWith("total=")) {
                        return number(part.substring("total=".length()));
                    }
                }
            }
        }
        return -1;
    }

    /**
     * The figures of {@code /proc/loadavg} ({@code "0.52 0.58 0.59 2/467 12345"}).
     *
     * @param load1m  one-minute load average, -1 when missing
     * @param running tasks running now (the number before the slash), -1 when missing
     */
    public record LoadAvg(double load1m, long running) {
        public static final LoadAvg UNKNOWN = new LoadAvg(-1, -1);
    }

    /** Parses {@code /proc/loadavg}. */
    public static LoadAvg parseLoadAvg(String text) {
        if (text == null) {
            return LoadAvg.UNKNOWN;
        }
        String[] parts = text.trim().split("\\s+");
        double load = -1;
        long running = -1;
        if (parts.length >= 1) {
            try {
                load = Double.parseDouble(parts[0]);
            } catch (NumberFormatException e) {
                load = -1;
            }
        }
        if (parts.length >= 4) {
            int slash = parts[3].indexOf('/');
            if (slash > 0) {
                running = number(parts[3].substring(0, slash));
            }
        }
        return new LoadAvg(load, running);
    }

    /**
     * A process's CPU time from {@code /proc/PID/stat} in ticks: utime + stime of the process plus
     * cutime + cstime (the children it has waited for); -1 when the text has no such fields.
     */
    public static long parsePidCpuTicks(String text) {
        if (text == null) {
            return -1;
        }
        // The command name is in parentheses and may itself hold spaces and parentheses.
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = text.substring(close + 1).trim().split("\\s+");
        // After the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
        if (f.length < 15) {
            return -1;
        }
        long utime = number(f[11]);
        long stime = number(f[12]);
        long cutime = number(f[13]);
        long cstime = number(f[14]);
        if (utime < 0 || stime < 0) {
            return -1;
        }
        return utime + stime + Math.max(0, cutime) + Math.max(0, cstime);
    }

    private static long at(long[] f, int i) {
        return i < f.length ? f[i] : 0;
    }

    private static long[] numbers(String s) {
        String[] parts = s.trim().split("\\s+");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = number(parts[i]);
            if (out[i] < 0) {
                return new long[0];
            }
        }
        return out;
    }

    private static long number(String s) {
        try {
            long v = Long.parseLong(s.trim());
            return v >= 0 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
