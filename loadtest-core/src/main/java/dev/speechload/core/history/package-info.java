/**
 * The run history: every judged run appended to a store (embedded H2 at
 * {@code <root>/.speechload/history} by default, PostgreSQL when {@code loadtest.history.url} says
 * so), read back as runs and per-metric trends, and searched for change points
 * ({@link dev.speechload.core.history.ChangePoints}). Entry point: {@link dev.speechload.core.history.Histories}.
 * {@code history.internal} holds the JDBC store and the change-point method; it is not API.
 */
package dev.speechload.core.history;
