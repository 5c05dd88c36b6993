/**
 * The results of a load run as immutable records: pure data that imports nothing else of
 * speechload. Jackson maps them directly (JSON names are the component names); every number names
 * its unit ({@code ...Nanos}, {@code ...Bytes}, {@code ...PerSecond}, {@code ...Ratio} in 0..1).
 * A value that could not be measured is {@code null} (objects) or {@code -1} (readings), never 0.
 */
package dev.speechload.core.result;
