package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.sample.internal.ProcMachineProbe;
import dev.speechload.core.sample.internal.ProcMachineText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcMachineTextTests {

    private static final String STAT = String.join(
            "\n",
            "cpu  43466 126 7600 29885 320 10 167 55 0 0",
            "cpu0 21000 60 3800 15000 160 5 80 30 0 0",
            "cpu1 22466 66 3800 14885 160 5 87 25 0 0",
            "intr 1234567 0 0",
            "ctxt 9876543",
            "btime 1764949200",
            "processes 7811",
            "procs_running 3",
            "procs_blocked 0",
            "softirq 1 2 3",
            "");
    private static final String PRESSURE = "some avg10=67.71 avg60=69.34 avg300=38.34 total=165861428\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    private static final String LOADAVG = "5.41 2.78 1.13 2/110 7810\n";

    @Test
    void readsBusyTotalAndStealTicksOfTheCpuLineAndCountsCpus() {
        ProcMachineText.Stat stat = ProcMachineText.parseStat(STAT);

        // busy = user + nice + system + irq + softirq; total = busy + idle + iowait + steal
        assertThat(stat.busyTicks()).isEqualTo(43466 + 126 + 7600 + 10 + 167);
        assertThat(stat.totalTicks()).isEqualTo(43466 + 126 + 7600 + 10 + 167 + 29885 + 320 + 55);
        assertThat(stat.stealTicks()).isEqualTo(55);
        assertThat(stat.cpus()).isEqualTo(2);
        assertThat(stat.procsRunning()).isEqualTo(3);
    }

    @Test
    void oldKernelsWithFewerCpuColumnsReadTheMissingOnesAsZero() {
        ProcMachineText.Stat stat = ProcMachineText.parseStat("cpu  100 0 50 800\ncpu0 100 0 50 800\n");

        assertThat(stat.busyTicks()).isEqualTo(150);
        assertThat(stat.totalTicks()).isEqualTo(950);
        assertThat(stat.stealTicks()).isZero();
        assertThat(stat.procsRunning()).isEqualTo(-1);
    }

    @Test
    void textWithoutACpuLineReadsAsUnknown() {
        assertThat(ProcMachineText.parseStat("garbage\n")).isEqualTo(ProcMachineText.Stat.UNKNOWN);
        assertThat(ProcMachineText.parseStat(null)).isEqualTo(ProcMachineText.Stat.UNKNOWN);
    }

    @Test
    void readsTheCumulativeSomeStallOfCpuPressure() {
        assertThat(ProcMachineText.parsePressureSomeMicros(PRESSURE)).isEqualTo(165_861_428L);
        assertThat(ProcMachineText.parsePressureSomeMicros(null)).isEqualTo(-1);
        assertThat(ProcMachineText.parsePressureSomeMicros("full avg10=0.00 total=5\n"))
                .isEqualTo(-1);
    }

    @Test
    void readsTheLoadAverageAndTheRunningTasks() {
        ProcMachineText.LoadAvg load = ProcMachineText.parseLoadAvg(LOADAVG);

        assertThat(load.load1m()).isEqualTo(5.41);
        assertThat(load.running()).isEqualTo(2);
        assertThat(ProcMachineText.parseLoadAvg(null)).isEqualTo(ProcMachineText.LoadAvg.UNKNOWN);
    }

    @Test
    void readsAProcessCpuTimeIncludingReapedChildrenEvenWithSpacesInItsName() {
        String stat = "4242 (my (odd) server) S 1 4242 4242 0 -1 4194560 2000 0 0 0 "
                + "350 120 30 5 20 0 40 0 12345 3000000000 12000 18446744073709551615";

        // utime 350 + stime 120 + cutime 30 + cstime 5
        assertThat(ProcMachineText.parsePidCpuTicks(stat)).isEqualTo(505);
        assertThat(ProcMachineText.parsePidCpuTicks("4242 (x) S 1")).isEqualTo(-1);
        assertThat(ProcMachineText.parsePidCpuTicks(null)).isEqualTo(-1);
    }

    @Test
    void aProcDirectoryWithThePressureFileReadsEveryFigure(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("stat"), STAT);
        Files.createDirectories(proc.resolve("pressure"));
        Files.writeString(proc.resolve("pressure").resolve("cpu"), PRESSURE);
        Files.writeString(proc.resolve("loadavg"), LOADAVG);

        MachineReading r = new ProcMachineProbe(proc).read();

        assertThat(r.cpus()).isEqualTo(2);
        assertThat(r.busyCpuNanos()).isEqualTo((43466L + 126 + 7600 + 10 + 167) * 10_000_000L);
        assertThat(r.stealCpuNanos()).isEqualTo(55 * 10_000_000L);
        assertThat(r.cpuPressureSomeMicros()).isEqualTo(165_861_428L);
        assertThat(r.runnableTasks()).isEqualTo(3);
        assertThat(r.loadAverage1m()).isEqualTo(5.41);
        assertThat(r.cpuKnown()).isTrue();
    }

    @Test
    void withoutThePressureFileCpuPressureIsUnknownAndTheRestStillReads(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("stat"), STAT.replace("procs_running 3\n", ""));
        Files.writeString(proc.resolve("loadavg"), LOADAVG);

        MachineReading r = new ProcMachineProbe(proc).read();

        assertThat(r.cpuPressureSomeMicros()).isEqualTo(-1);
        assertThat(r.cpuKnown()).isTrue();
        // procs_running missing: the running count of /proc/loadavg
        assertThat(r.runnableTasks()).isEqualTo(2);
    }

    @Test
    void anEmptyProcDirectoryReadsAsUnknownWithoutFailing(@TempDir Path proc) {
        assertThat(new ProcMachineProbe(proc).read()).isEqualTo(MachineReading.UNKNOWN);
    }

    @Test
    void theRealMachineIsReadableOnLinux() {
        MachineReading r = ResourceProbes.machine().read();
        if (ResourceProbes.procAvailable()) {
            assertThat(r.cpuKnown()).isTrue();
            assertThat(r.cpus()).isPositive();
        }
    }
}
