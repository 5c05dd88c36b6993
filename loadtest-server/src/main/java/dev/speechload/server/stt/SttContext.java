package dev.speechload.server.stt;

import dev.speechload.server.fault.Faults;
import dev.speechload.server.metrics.ServerMetrics;

/** What every session of one service shares. All members are thread-safe. */
record SttContext(
        SttSettings settings,
        DecodePool pool,
        AudioBudget budget,
        SessionRegistry registry,
        SyntheticEngine engine,
        ServerMetrics metrics,
        Faults faults) {}
