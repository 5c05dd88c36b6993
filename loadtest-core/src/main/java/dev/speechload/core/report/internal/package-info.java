/**
 * How reports are made: SVG charts (scales, ticks, series, downsampling), HdrHistogram decoding,
 * number formatting, page models and Mustache rendering. Not API: these types are public only so
 * {@link dev.speechload.core.report.Reporters} can reach them, and may change in any release.
 */
package dev.speechload.core.report.internal;
