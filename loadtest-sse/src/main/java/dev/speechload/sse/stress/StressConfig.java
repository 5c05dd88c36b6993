package dev.speechload.sse.stress;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.sse.TextSource;
import dev.speechload.sse.TtsScenario;
import dev.speechload.sse.corpus.CorpusItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The settings of a {@link TtsStressRun}. Mutable, but only while {@link TtsStressRun}'s
 * {@code with...} methods build a fresh copy; a run's own copy is never changed afterwards, so
 * runs can share none. Not thread-safe, not API.
 */
final class StressConfig {
    String name;
    /** Makes the server from the restart callback (null when none). */
    Function<Runnable, StressServer> server;
    /** The texts; null: generate {@code count} items from {@code seed}. */
    List<CorpusItem> corpus;

    int count = 100;
    long seed = 1;
    int concurrency = 1;
    UnaryOperator<TtsScenario> scenarioOptions = UnaryOperator.identity();
    Duration requestTimeout = Duration.ofSeconds(60);
    /** 0: no length-limit search. */
    int limitProbes = 20;

    int limitMaxChars = 30_000;
    int limitRepeats = 1;
    ResourceProbe probe;
    Path resultsDir;
    Duration restartTimeout = Duration.ofSeconds(60);
    int maxRestarts = 10;
    Runnable restart;

    StressConfig copy() {
        StressConfig c = new StressConfig();
        c.name = name;
        c.server = server;
        c.corpus = corpus;
        c.count = count;
        c.seed = seed;
        c.concurrency = concurrency;
        c.scenarioOptions = scenarioOptions;
        c.requestTimeout = requestTimeout;
        c.limitProbes = limitProbes;
        c.limitMaxChars = limitMaxChars;
        c.limitRepeats = limitRepeats;
        c.probe = probe;
        c.resultsDir = resultsDir;
        c.restartTimeout = restartTimeout;
        c.maxRestarts = maxRestarts;
        c.restart = restart;
        return c;
    }

    /** The TTS scenario of one kind of request (corpus texts or limit-search prefixes). */
    TtsScenario scenario(TextSource texts) {
        TtsScenario scenario = scenarioOptions.apply(TtsScenario.create(texts));
        return scenario.withOptions(scenario.options().withStreamTimeout(requestTimeout));
    }
}
