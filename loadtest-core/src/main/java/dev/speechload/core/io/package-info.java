/**
 * JSON mapping and atomic file writes shared by results, baselines and reports.
 */
package dev.speechload.core.io;
