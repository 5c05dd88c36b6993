package dev.speechload.server;

/** The server's exit statuses, in one place. */
final class ExitCodes {

    /** Clean stop, after SIGTERM/SIGINT and the drain. */
    static final int OK = 0;
    /** Could not start, e.g. a port is taken or a file cannot be written. */
    static final int STARTUP_FAILURE = 1;
    /** Bad flags or environment values. */
    static final int USAGE = 2;
    /** The pid file names another live server. */
    static final int ALREADY_RUNNING = 3;
    /** The crash fault fired (the same status as a SIGKILL). */
    static final int CRASH_FAULT = 137;

    private ExitCodes() {}
}
