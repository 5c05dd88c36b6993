package dev.speechload.server.fault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves one file descriptor open every N requests, forever: the classic "forgot to close"
 * bug. Opens {@code /dev/null}, so nothing is left behind on disk when the process dies
 * (the crash fault halts without cleanup). Thread-safe.
 */
final class DescriptorLeak {

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorLeak.class);

    private final int every;
    private final Path target;
    private final List<FileChannel> retained = new ArrayList<>();
    private long requests;

    DescriptorLeak(int every) {
        this(every, Path.of("/dev/null"));
    }

    DescriptorLeak(int every, Path target) {
        this.every = every;
        this.target = target;
    }

    /** Counts one request; every N-th opens and keeps a descriptor (no-op when off). */
    void onRequest() {
        if (every <= 0) {
            return;
        }
        synchronized (this) {
            requests++;
            if (requests % every != 0) {
                return;
            }
            try {
                // Held in a list, so the channel is never garbage collected and closed.
                retained.add(FileChannel.open(target, StandardOpenOption.READ));
            } catch (IOException e) {
                LOG.warn("fault: could not leak a descriptor on {}: {}", target, e.toString());
            }
        }
    }

    synchronized int leakedCount() {
        return retained.size();
    }
}
