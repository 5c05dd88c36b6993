package dev.speechload.core.sample;

import dev.speechload.core.sample.internal.HttpMetricsJsonProbe;
import dev.speechload.core.sample.internal.HttpPrometheusProbe;
import dev.speechload.core.sample.internal.JvmGeneratorProbe;
import dev.speechload.core.sample.internal.ProcMachineProbe;
import dev.speechload.core.sample.internal.ProcProbe;
import java.net.URI;
import java.util.Objects;

/**
 * Makes every resource probe. Each probe is immutable and thread-safe.
 */
public final class ResourceProbes {

    private ResourceProbes() {}

    /**
     * Reads {@code /proc/PID/status} (VmRSS, Threads), counts {@code /proc/PID/fd} and adds up
     * the CPU time of the process and its descendants ({@code /proc/PID/stat}, so a server started
     * through a wrapper script counts whole): the kernel's own numbers for any process this user
     * may inspect, with no cooperation from it. Linux only; see {@link #procAvailable()}.
     *
     * @param pid a process id, &gt; 0
     */
    public static ResourceProbe proc(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, was " + pid);
        }
        return new ProcProbe(pid);
    }

    /** True where {@link #proc(long)} can work: this machine has {@code /proc/self/status}. */
    public static boolean procAvailable() {
        return ProcProbe.available();
    }

    /**
     * Reads a JSON metrics endpoint such as the reference server's {@code GET /metrics}; see
     * {@link MetricsJsonProbe} for the default field names and how to change them.
     *
     * @param url absolute http(s) URL, not null
     */
    public static MetricsJsonProbe metricsJson(URI url) {
        return HttpMetricsJsonProbe.create(checkedHttpUrl(url));
    }

    /**
     * Reads a Prometheus text endpoint such as {@code GET /metrics/prometheus}; see
     * {@link PrometheusProbe} for the default metric names and how to change them.
     *
     * @param url absolute http(s) URL, not null
     */
    public static PrometheusProbe prometheus(URI url) {
        return HttpPrometheusProbe.create(checkedHttpUrl(url));
    }

    /** Reads this JVM (the load generator) through {@code java.lang.management}. */
    public static GeneratorProbe generatorJvm() {
        return JvmGeneratorProbe.INSTANCE;
    }

    /**
     * Reads the machine the generator runs on: all processes' CPU time and steal
     * ({@code /proc/stat}), CPU pressure ({@code /proc/pressure/cpu}) and the run queue
     * ({@code /proc/stat}, {@code /proc/loadavg}). Off Linux every field reads -1.
     */
    public static MachineProbe machine() {
        return ProcMachineProbe.INSTANCE;
    }

    private static URI checkedHttpUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("metrics URL must be an absolute http(s) URL such as "
                    + "http://127.0.0.1:8080/metrics, was " + url);
        }
        return url;
    }
}
