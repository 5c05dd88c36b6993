package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.TrialData;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of a test run ({@code loadtest.live}): one per JVM, for all its load tests.
 * {@link #off()} when the setting is unset, so callers need no null checks. Thread-safe; the
 * creator closes it (the JUnit extension keeps it in the root store, which closes it when the test
 * run ends).
 *
 * <p>Feeding it never blocks and never formats: {@link Feed#interval} stores a reference to a few
 * figures; the page, the JSON and the writes to browsers are made on the live server's threads.
 */
public final class LiveView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    /** A browser whose socket takes no data for this long is dropped. */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(10);

    private static final LiveView OFF = new LiveView(null, null);

    private final LiveState state;
    private final LiveServer server;

    private LiveView(LiveState state, LiveServer server) {
        this.state = state;
        this.server = server;
    }

    /** No live view: every call does nothing. */
    public static LiveView off() {
        return OFF;
    }

    /**
     * Starts the live view on 127.0.0.1 and logs its address.
     *
     * @param port       0 = any free port
     * @param resultsDir where the reports it links to are
     * @throws LiveViewException naming {@code loadtest.live} and what to do when the port cannot be bound
     */
    public static LiveView start(int port, Path resultsDir) {
        return start(port, resultsDir, STALL_LIMIT);
    }

    /** As {@link #start(int, Path)}, dropping browsers that read nothing for {@code stallLimit}. */
    public static LiveView start(int port, Path resultsDir, Duration stallLimit) {
        LiveState state = new LiveState();
        try {
            LiveServer server =
                    new LiveServer(state, resultsDir.toAbsolutePath().normalize(), port, stallLimit);
            LOG.info("Live view of the load tests: {} ({}={})", server.uri(), Settings.LIVE, port);
            return new LiveView(state, server);
        } catch (BindException e) {
            throw new LiveViewException(
                    Settings.LIVE + "=" + port + ": the live view cannot listen on 127.0.0.1:"
                            + port + " (" + e.getMessage()
                            + "; another program, or another test JVM with the same setting,"
                            + " holds it): choose a free port, " + Settings.LIVE + "=0 for any free one (its address is"
                            + " logged), or unset " + Settings.LIVE + " to run without the live view",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new LiveViewException(
                    Settings.LIVE + "=" + port + ": the live view could not start on 127.0.0.1:" + port + ": " + e
                            + "; unset " + Settings.LIVE + " to run without it",
                    e);
        }
    }

    /** The page's address; empty when off. */
    public Optional<URI> uri() {
        return server == null ? Optional.empty() : Optional.of(server.uri());
    }

    /**
     * Shows {@code testName} as running from now on.
     *
     * @return what the run's sampler thread feeds each interval
     */
    public Feed watch(String testName) {
        if (state == null) {
            return Feed.NONE;
        }
        state.begin(testName);
        return new Feed(state, testName);
    }

    /**
     * Lists a test as finished.
     *
     * @param verdict    its overall verdict, or why there is none
     * @param health     its run's health; null or empty when unknown
     * @param reportFile its report's file name in the results directory; null when none was written
     */
    public void finished(String testName, String verdict, String health, String reportFile) {
        if (state != null) {
            state.finished(new FinishedTest(testName, verdict, health == null ? "" : health, reportFile));
        }
    }

    /** Tells the browsers the test run has ended, then stops the server. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** What one test's run feeds the view, from the engine's sampler thread. Thread-safe. */
    public static final class Feed {
        static final Feed NONE = new Feed(null, null);

        private final LiveState state;
        private final String testName;
        private volatile TrialData latest;
        /** The A/B trial running now; null when the run is no A/B comparison. */
        private volatile PairTrial pairTrial;

        private Feed(LiveState state, String testName) {
            this.state = state;
            this.testName = testName;
        }

        /**
         * The interval that just ended. Never blocks: keeps a reference and wakes the server.
         *
         * @param snapshot a snapshot of the trial taken in this interval anyway (for the partial
         *                 result), or null: the view takes none of its own and shows the newest it got
         */
        public void interval(RunProgress progress, TrialData snapshot) {
            if (state == null) {
                return;
            }
            if (snapshot != null) {
                latest = snapshot;
            }
            state.publish(new Tick(
                    testName,
                    progress.trial(),
                    progress.trials(),
                    progress.sample(),
                    progress.rampSteps(),
                    progress.channels(),
                    progress.elapsedMillis(),
                    progress.plannedMillis(),
                    latest,
                    progress.server(),
                    progress.health(),
                    pairTrial));
        }

        /** A new trial starts: the newest snapshot belongs to the one before. */
        public void trialEnded() {
            latest = null;
        }

        /**
         * An A/B comparison's trial is about to start (its servers settle first): shown with its
         * pair and build until its first interval ends. Called on the test's thread; never blocks.
         */
        public void trialStarting(PairTrial trial) {
            if (state == null) {
                return;
            }
            pairTrial = trial;
            latest = null;
            state.publish(Tick.starting(testName, trial));
        }

        /**
         * An A/B comparison's trial ended: listed under its side and pair. Keeps a reference; its
         * figures are worked out by the view's threads when a browser asks. Never blocks.
         */
        public void trialFinished(PairTrial trial, TrialData data) {
            if (state != null) {
                state.pairTrialFinished(testName, trial, data);
            }
        }

        /** The run has ended; the test is being judged. */
        public void ended() {
            if (state != null) {
                state.end(testName);
            }
        }
    }
}
