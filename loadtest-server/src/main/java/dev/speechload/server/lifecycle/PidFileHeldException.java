package dev.speechload.server.lifecycle;

import java.io.IOException;
import java.nio.file.Path;

/** The pid file names another live process: a server already runs with it. */
public final class PidFileHeldException extends IOException {

    private final long holderPid;

    PidFileHeldException(Path path, long holderPid) {
        super("pid file " + path + " is held by running process " + holderPid
                + "; stop that server or choose another --pid-file");
        this.holderPid = holderPid;
    }

    /** The live process named in the file, or -1 when unknown. */
    public long holderPid() {
        return holderPid;
    }
}
