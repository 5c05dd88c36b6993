/**
 * Run settings: the {@code loadtest.*} system properties and their {@code LOADTEST_*}
 * environment variables, parsed once into {@link dev.speechload.core.config.Settings}, and the
 * duration strings shared by annotations and settings.
 */
package dev.speechload.core.config;
