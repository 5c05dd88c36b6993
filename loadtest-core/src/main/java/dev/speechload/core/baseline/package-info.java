/**
 * Baselines (git-tracked JSON, one per test), thresholds, and the verdicts that compare a run
 * with its baseline. Judging is a pure function of records: no I/O.
 */
package dev.speechload.core.baseline;
