package dev.speechload.core.report.internal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Renders the Mustache templates under {@code dev/speechload/core/report/} on the classpath.
 * {@code {{name}}} escapes HTML; only {@code {{{svg}}}} is inserted raw, and the chart escaped
 * its own text. Thread-safe: the factory compiles each template once and caches it.
 */
public final class Templates {

    private static final MustacheFactory FACTORY = new DefaultMustacheFactory("dev/speechload/core/report");

    private Templates() {}

    /** Renders {@code template} (e.g. "test.html.mustache") with {@code scope}. */
    public static String render(String template, Object scope) {
        StringWriter out = new StringWriter(64 * 1024);
        try {
            FACTORY.compile(template).execute(out, scope).flush();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering " + template + " into memory failed", e);
        }
        return out.toString();
    }
}
