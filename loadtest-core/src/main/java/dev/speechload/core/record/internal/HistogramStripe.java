package dev.speechload.core.record.internal;

import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One of a metric's few shared histograms, into which the rings of some threads move their
 * values. Thread-safe: the stripe's own monitor guards its histogram and the draining of the
 * rings assigned to it; the histogram is created on first use, so unused stripes cost nothing.
 */
final class HistogramStripe {

    private final Supplier<Histogram> newHistogram;
    private volatile Histogram sink;

    HistogramStripe(Supplier<Histogram> newHistogram) {
        this.newHistogram = newHistogram;
    }

    /** The stripe's histogram; callers write to it only while holding this stripe's monitor. */
    Histogram sink() {
        Histogram h = sink;
        if (h == null) {
            synchronized (this) {
                h = sink;
                if (h == null) {
                    h = newHistogram.get();
                    sink = h;
                }
            }
        }
        return h;
    }

    /** Caller holds this stripe's monitor: moves what the histogram holds into {@code target}. */
    void moveTo(Histogram target) {
        Histogram h = sink;
        if (h != null && h.getTotalCount() > 0) {
            target.add(h);
            h.reset();
        }
    }
}
