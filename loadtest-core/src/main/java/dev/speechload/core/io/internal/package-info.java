/**
 * The project's shared I/O helpers, not API: JSON mapping ({@link
 * dev.speechload.core.io.internal.Json}: stable key order, tolerant reading), atomic file writes
 * ({@link dev.speechload.core.io.internal.AtomicFiles}), file names from test names ({@link
 * dev.speechload.core.io.internal.FileNames}), the results directory's writer lock and the host
 * name. Core's stages that write files or name their writer (target, baseline, history, report,
 * live, junit, cli) and the drivers' session logs and stress runs use it (LayeringTests,
 * PublicApiTests); a user reaches the same files through {@code Reporters} and {@code ResultFiles}.
 */
package dev.speechload.core.io.internal;
