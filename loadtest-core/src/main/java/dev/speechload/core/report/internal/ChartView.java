package dev.speechload.core.report.internal;

/**
 * One chart as the page shows it.
 *
 * @param id      anchor id, letters, digits and dashes only
 * @param title   heading (escaped by the template)
 * @param caption how to read the chart (escaped by the template)
 * @param svg     the SVG markup, inserted unescaped: every text in it was escaped by {@link SvgChart}
 */
public record ChartView(String id, String title, String caption, String svg) {}
