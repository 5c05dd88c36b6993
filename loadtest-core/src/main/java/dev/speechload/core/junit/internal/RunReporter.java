package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.engine.RunListener;
import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.live.internal.LiveView;
import dev.speechload.core.result.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a run from the sampler thread: writes a partial result ({@code partial = true}) to
 * {@code results/<stem>.partial.json} every {@code partialEveryMillis}, so a killed run leaves a
 * valid file (the final result replaces it), draws the progress line and
 * feeds the live view (the snapshot taken for the partial result, never one of its own).
 * Not API; thread-safe (the test thread adds finished trials, the sampler thread reads them).
 */
final class RunReporter implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

    private final String testName;
    private final Path resultsDir;
    private final long partialEveryMillis;
    private final PrintStream progressOut;
    private final String scaleNote;
    private final Function<List<TrialData>, RunResult> assemble;
    private final LiveView.Feed live;
    private final List<TrialData> finished = new ArrayList<>();
    private long lastWriteMillis;
    private boolean writeFailed;
    private boolean closed;
    private int lastLength;

    /**
     * @param progressOut where the live line goes, or null for none
     * @param scaleNote   what the smoke scale did to the declared plan, shown on the live line; null at full scale
     * @param assemble    turns trials (the last may be a snapshot) into a partial result
     * @param live        the live view's feed of this run
     */
    RunReporter(
            String testName,
            Path resultsDir,
            long partialEveryMillis,
            PrintStream progressOut,
            String scaleNote,
            Function<List<TrialData>, RunResult> assemble,
            LiveView.Feed live) {
        this.testName = testName;
        this.resultsDir = resultsDir;
        this.partialEveryMillis = partialEveryMillis;
        this.progressOut = progressOut;
        this.scaleNote = scaleNote;
        this.assemble = assemble;
        this.live = live;
    }

    synchronized void trialFinished(TrialData trial) {
        finished.add(trial);
        lastWriteMillis = 0;
        live.trialEnded();
    }

    /** No partial write follows this call; ends the progress line. */
    synchronized void close() {
        closed = true;
        live.ended();
        if (progressOut != null && lastLength > 0) {
            progressOut.println();
            progressOut.flush();
        }
    }

    @Override
    public synchronized void onInterval(RunProgress progress) {
        if (closed) {
            return;
        }
        if (progressOut != null) {
            String line = ProgressLine.format(testName, progress, scaleNote);
            String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
            progressOut.print("\r" + line + pad);
            progressOut.flush();
            lastLength = line.length();
        }
        TrialData snapshot = null;
        if (progress.elapsedMillis() - lastWriteMillis >= partialEveryMillis) {
            lastWriteMillis = progress.elapsedMillis();
            List<TrialData> trials = new ArrayList<>(finished);
            snapshot = progress.snapshot().get();
            trials.add(snapshot);
            try {
                ResultFiles.writePartial(resultsDir, assemble.apply(trials));
            } catch (Exception e) {
                if (!writeFailed) {
                    writeFailed = true;
                    LOG.warn("Could not write the partial result of {} to {}: {}", testName, resultsDir, e.toString());
                }
            }
        }
        live.interval(progress, snapshot);
    }
}
