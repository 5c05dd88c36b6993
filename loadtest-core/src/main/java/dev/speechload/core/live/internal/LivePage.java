package dev.speechload.core.live.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The live view's page: self-contained HTML showing the state at load time (readable without
 * scripts), and a small script that takes each pushed state from {@code events} (EventSource) and
 * writes its text into the same elements. Text only goes in through {@code textContent}, never as
 * markup. Pure function; not API.
 */
public final class LivePage {

    /** Rows of the figures table: element id, label. Ids are the {@link LiveSnapshot} component names. */
    private static final List<String[]> FIGURES = List.of(
            new String[] {"test", "Test"},
            new String[] {"trial", "Trial"},
            new String[] {"phase", "Phase"},
            new String[] {"step", "Ramp step"},
            new String[] {"channels", "Active channels"},
            new String[] {"throughput", "Throughput (successful)"},
            new String[] {"p50", "p50 service time"},
            new String[] {"p99", "p99 service time"},
            new String[] {"errors", "Errors in the interval"},
            new String[] {"elapsed", "Elapsed"},
            new String[] {"memory", "Server memory (RSS)"},
            new String[] {"fds", "Server open files"},
            new String[] {"threads", "Server threads"},
            new String[] {"generatorCpu", "Generator CPU"},
            new String[] {"machine", "Machine"},
            new String[] {"health", "Measurement health"});

    /** Cells of a pair's row, in column order: {@link ComparisonView.PairRow} component names. */
    private static final List<String> PAIR_CELLS = List.of(
            "pair",
            "referenceP50",
            "referenceP99",
            "referenceThroughput",
            "candidateP50",
            "candidateP99",
            "candidateThroughput");

    private static final String SCRIPT = """
            (function () {
              var updates = 0;
              function set(id, text) { var e = document.getElementById(id); if (e) { e.textContent = text; } }
              function show(s) {
                updates++;
                set('updates', String(updates));
                set('status', s.status);
                document.body.setAttribute('data-health', s.healthStatus);
                FIELDS.forEach(function (f) { set(f, s[f]); });
                var body = document.getElementById('finished-rows');
                while (body.firstChild) { body.removeChild(body.firstChild); }
                s.finished.forEach(function (t) {
                  var tr = document.createElement('tr');
                  var name = document.createElement('td');
                  if (t.report) {
                    var a = document.createElement('a');
                    a.href = 'results/' + encodeURIComponent(t.report);
                    a.textContent = t.name;
                    name.appendChild(a);
                  } else {
                    name.textContent = t.name;
                  }
                  var verdict = document.createElement('td');
                  verdict.textContent = t.verdict;
                  verdict.className = 'v-' + t.verdict;
                  var health = document.createElement('td');
                  health.textContent = t.health;
                  tr.appendChild(name); tr.appendChild(verdict); tr.appendChild(health);
                  body.appendChild(tr);
                });
                set('none-finished', s.finished.length ? '' : 'None yet.');
                showComparison(s.comparison);
              }
              function showComparison(c) {
                document.getElementById('ab').hidden = !c;
                var rows = document.getElementById('ab-rows');
                while (rows.firstChild) { rows.removeChild(rows.firstChild); }
                if (!c) { return; }
                set('ab-now', c.now);
                set('ab-reference', c.reference);
                set('ab-candidate', c.candidate);
                c.pairs.forEach(function (p) {
                  var tr = document.createElement('tr');
                  PAIR_CELLS.forEach(function (k) {
                    var td = document.createElement('td');
                    td.textContent = String(p[k]);
                    tr.appendChild(td);
                  });
                  rows.appendChild(tr);
                });
              }
              var source = new EventSource('events');
              source.addEventListener('state', function (e) { set('connection', 'live'); show(JSON.parse(e.data)); });
              source.addEventListener('end', function () {
                source.close();
                set('connection', 'the test run has ended; this page no longer updates');
              });
              source.onerror = function () { set('connection', 'connection lost, retrying'); };
            })();
            """.replace("PAIR_CELLS", array(PAIR_CELLS))
            .replace("FIELDS", array(FIGURES.stream().map(f -> f[0]).toList()));

    /** The Content-Security-Policy of the page: its own inline script and style, events from its own origin. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src '"
            + sha256(SCRIPT) + "'; connect-src 'self'; base-uri 'none'; form-action 'none'";

    private LivePage() {}

    public static String html(LiveSnapshot s) {
        StringBuilder out = new StringBuilder(8_192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>speechload live view</title><style>")
                .append("body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.25em .8em;text-align:left;")
                .append("border-bottom:1px solid #ddd}th{font-weight:600;color:#555}")
                .append(".v-PASS{color:#17692c}.v-WARN{color:#8a6100}.v-FAIL{color:#b3261e;font-weight:600}")
                .append("[data-health=DEGRADED] #health{color:#8a6100}[data-health=COMPROMISED] #health{color:#b3261e}")
                .append("small{color:#666}</style></head>\n<body data-health=\"")
                .append(escape(s.healthStatus()))
                .append("\"><main><h1>speechload live view</h1>\n<p>Test run: <strong id=\"status\">")
                .append(escape(s.status()))
                .append("</strong> <small>(<span id=\"connection\">as loaded;")
                .append(" updates need scripts</span>, updates received: <span id=\"updates\">0</span>)</small></p>\n");
        // First: which build runs now is what a person watching a comparison looks for.
        comparison(out, s.comparison());
        out.append("<h2>Running test</h2>\n<table id=\"figures\"><tbody>\n");
        for (String[] f : FIGURES) {
            out.append("<tr><th>")
                    .append(f[1])
                    .append("</th><td id=\"")
                    .append(f[0])
                    .append("\">")
                    .append(escape(field(s, f[0])))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n<h2>Finished tests</h2>\n<p id=\"none-finished\">")
                .append(s.finished().isEmpty() ? "None yet." : "")
                .append("</p>\n")
                .append("<table id=\"finished\"><thead><tr><th>Test (report)</th><th>Verdict</th><th>Health</th>")
                .append("</tr></thead><tbody id=\"finished-rows\">\n");
        for (FinishedTest t : s.finished()) {
            out.append("<tr><td>");
            if (t.report() != null) {
                out.append("<a href=\"results/")
                        .append(escape(t.report()))
                        .append("\">")
                        .append(escape(t.name()))
                        .append("</a>");
            } else {
                out.append(escape(t.name()));
            }
            out.append("</td><td class=\"v-")
                    .append(escape(t.verdict()))
                    .append("\">")
                    .append(escape(t.verdict()))
                    .append("</td><td>")
                    .append(escape(t.health()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n<p><small>Every figure is of the newest sample interval, but the health")
                .append(" verdict so far, which comes from the newest partial result (every few seconds).")
                .append(" All reports: <a href=\"results/index.html\">results/index.html</a>.</small></p>")
                .append("</main>\n<script>")
                .append(SCRIPT)
                .append("</script>\n</body></html>\n");
        return out.toString();
    }

    /**
     * The A/B section: always in the page (so the script can fill it when a comparison starts),
     * hidden while the running test is no A/B comparison.
     */
    private static void comparison(StringBuilder out, ComparisonView c) {
        out.append("<section id=\"ab\"")
                .append(c == null ? " hidden" : "")
                .append(">\n<h2>A/B comparison</h2>\n")
                .append("<p>Now: <strong id=\"ab-now\">")
                .append(c == null ? "" : escape(c.now()))
                .append("</strong><br><span id=\"ab-reference\">")
                .append(c == null ? "" : escape(c.reference()))
                .append("</span><br><span id=\"ab-candidate\">")
                .append(c == null ? "" : escape(c.candidate()))
                .append("</span></p>\n<table id=\"ab-pairs\"><thead><tr><th>Pair</th><th>A p50</th><th>A p99</th>")
                .append("<th>A throughput</th><th>B p50</th><th>B p99</th><th>B throughput</th></tr></thead>")
                .append("<tbody id=\"ab-rows\">\n");
        if (c != null) {
            for (ComparisonView.PairRow p : c.pairs()) {
                out.append("<tr>");
                for (String cell : List.of(
                        Integer.toString(p.pair()),
                        p.referenceP50(),
                        p.referenceP99(),
                        p.referenceThroughput(),
                        p.candidateP50(),
                        p.candidateP99(),
                        p.candidateThroughput())) {
                    out.append("<td>").append(escape(cell)).append("</td>");
                }
                out.append("</tr>\n");
            }
        }
        out.append("</tbody></table>\n<p><small>Each finished trial's p50 and p99 of the service time and its")
                .append(" successful throughput, by pair: the verdict compares B with A pair by pair.</small></p>")
                .append("\n</section>\n");
    }

    private static String field(LiveSnapshot s, String id) {
        return switch (id) {
            case "test" -> s.test();
            case "trial" -> s.trial();
            case "phase" -> s.phase();
            case "step" -> s.step();
            case "channels" -> s.channels();
            case "throughput" -> s.throughput();
            case "p50" -> s.p50();
            case "p99" -> s.p99();
            case "errors" -> s.errors();
            case "elapsed" -> s.elapsed();
            case "memory" -> s.memory();
            case "fds" -> s.fds();
            case "threads" -> s.threads();
            case "generatorCpu" -> s.generatorCpu();
            case "machine" -> s.machine();
            case "health" -> s.health();
            default -> throw new IllegalArgumentException("no live figure " + id);
        };
    }

    /** A JavaScript array of the (plain identifier) strings. */
    private static String array(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            out.append(out.length() > 1 ? "," : "").append('\'').append(name).append('\'');
        }
        return out.append(']').toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
