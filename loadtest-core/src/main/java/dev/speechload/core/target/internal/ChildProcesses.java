package dev.speechload.core.target.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills servers this JVM started that are still running when it exits (a test JVM killed by
 * Ctrl-C or a surefire timeout), so no orphan keeps its ports. Thread-safe.
 */
final class ChildProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "speechload-child-reaper"));
    }

    private ChildProcesses() {}

    static void register(Process process) {
        LIVE.add(process);
    }

    static void unregister(Process process) {
        LIVE.remove(process);
    }

    private static void killAll() {
        for (Process process : LIVE) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
