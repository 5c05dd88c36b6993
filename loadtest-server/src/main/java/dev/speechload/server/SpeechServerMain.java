package dev.speechload.server;

/**
 * Entry point of {@code speechload-server.jar}; run with {@code --help} for the flags.
 * The only place that calls {@link System#exit(int)}.
 */
public final class SpeechServerMain {

    private SpeechServerMain() {}

    /** Runs the server and exits with its status (see {@code --help}). */
    public static void main(String[] args) {
        System.exit(
                ServerCommand.commandLine(new ServerCommand(), System.getenv()).execute(args));
    }
}
