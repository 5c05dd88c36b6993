package dev.speechload.core.target.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a target's command in a process group of its own, so the group can be ended as a whole
 * (the server and every process it starts) when the JVM that started it dies: see
 * {@link Watchdog}. Java cannot call {@code setsid(2)} or {@code setpgid(2)} for a child, so the
 * command is prefixed with util-linux's {@code setsid(1)}. A child of the JVM is never a process
 * group leader, so {@code setsid} calls {@code setsid(2)} and execs the command in place: the pid
 * the JVM sees stays the server's own, with its exit code and {@code /proc} entry. Stateless.
 */
final class ProcessGroups {

    private static final Optional<Path> SETSID = find("setsid", System.getenv("PATH"));

    private ProcessGroups() {}

    /** The {@code setsid} program found on {@code PATH} (/usr/bin:/bin when unset), if any. */
    static Optional<Path> setsid() {
        return SETSID;
    }

    /** {@code command}, run through {@code setsid} so it leads a new session and process group. */
    static List<String> inOwnGroup(Path setsid, List<String> command) {
        List<String> prefixed = new ArrayList<>(command.size() + 1);
        prefixed.add(setsid.toString());
        prefixed.addAll(command);
        return prefixed;
    }

    /**
     * The executable file {@code program} names, as {@code execvp} would find it: a name with a
     * '/' relative to {@code workingDirectory}, any other name on {@code path}.
     */
    static Optional<Path> executable(String program, Path workingDirectory, String path) {
        if (program.contains("/")) {
            Path file = workingDirectory == null ? Path.of(program) : workingDirectory.resolve(program);
            return isExecutableFile(file) ? Optional.of(file) : Optional.empty();
        }
        return find(program, path);
    }

    private static Optional<Path> find(String name, String path) {
        // execvp's own default when PATH is unset
        List<String> dirs = List.of((path != null ? path : "/usr/bin:/bin").split(File.pathSeparator));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
