package dev.speechload.grpc;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How per-session logs are written. {@link #JSONL}, {@link #CSV} and {@link #TSV} hold data only
 * (CSV and TSV start with one line of column names); {@link #MARKDOWN} is a document for people:
 * a title, the start time, a table, the end time and a description of each column.
 *
 * <p>Columns appear in the order of {@link SessionLog}'s components, the optional ones only where
 * the scenario has them ({@link SessionLogColumns}); missing values are empty
 * (CSV/TSV/Markdown) or {@code null} (JSONL). Stateless and thread-safe.
 */
public enum SessionLogFormat {
    JSONL,
    CSV,
    TSV,
    MARKDOWN;

    /** One column: its name in every format, its description, and how to read it from a log. */
    private record Column(String name, String description, Function<SessionLog, Object> value, Group group) {
        Column(String name, String description, Function<SessionLog, Object> value) {
            this(name, description, value, Group.ALWAYS);
        }

        boolean in(SessionLogColumns columns) {
            return switch (group) {
                case ALWAYS -> true;
                case AUDIO -> columns.audio();
                case DECODE -> columns.decode();
            };
        }
    }

    /** Which scenarios have a column (see {@link SessionLogColumns}). */
    private enum Group {
        ALWAYS,
        AUDIO,
        DECODE
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("session", "c<channel>-i<iteration>", SessionLog::session),
            new Column("channel", "0-based channel index", SessionLog::channel),
            new Column("iteration", "0-based iteration of the channel, warm-up included", SessionLog::iteration),
            new Column("warmup", "true for warm-up sessions (excluded from statistics)", SessionLog::warmup),
            new Column("started_at", "wall-clock start, UTC", SessionLog::startedAt),
            new Column("ok", "stream ended normally with a final result", SessionLog::ok),
            new Column(
                    "error_code",
                    "server code (ERR2003), gRPC status or driver kind (EARLY_CLOSE...)",
                    SessionLog::errorCode),
            new Column("stage", "where it failed: connect, config, send or final", SessionLog::stage),
            new Column("audio_ms", "audio planned for the session, ms", SessionLog::audioMs, Group.AUDIO),
            new Column("requests_sent", "requests written, config included", SessionLog::requestsSent),
            new Column("responses", "responses received", SessionLog::responses),
            new Column("interims", "interim results received", SessionLog::interims),
            new Column("first_response_ms", "stream start to first response, ms", SessionLog::firstResponseMs),
            new Column("final_latency_ms", "last request sent to final result, ms", SessionLog::finalLatencyMs),
            new Column("send_ms", "first to last request sent, ms", SessionLog::sendMs),
            new Column("tail_ms", "last request sent to end of stream, ms", SessionLog::tailMs),
            new Column("total_ms", "stream start to end of stream, ms", SessionLog::totalMs),
            new Column("rtf", "real-time factor: total_ms / audio_ms", SessionLog::realTimeFactor, Group.AUDIO),
            new Column(
                    "max_send_lag_ms",
                    "largest delay of a request behind its planned time, ms (generator lag)",
                    SessionLog::maxSendLagMs),
            new Column(
                    "decode_buffer_wait_ms",
                    "final result: server buffer wait, ms",
                    SessionLog::decodeBufferWaitMs,
                    Group.DECODE),
            new Column(
                    "decode_queue_wait_ms",
                    "final result: server decode-queue wait, ms",
                    SessionLog::decodeQueueWaitMs,
                    Group.DECODE),
            new Column(
                    "decode_inference_ms",
                    "final result: server inference, ms",
                    SessionLog::decodeInferenceMs,
                    Group.DECODE),
            new Column(
                    "decode_emit_ms", "final result: server response emit, ms", SessionLog::decodeEmitMs, Group.DECODE),
            new Column(
                    "decode_total_ms",
                    "final result: server decode total, ms",
                    SessionLog::decodeTotalMs,
                    Group.DECODE),
            new Column(
                    "transcript",
                    "final transcript (STT) or the final response's text (withText)",
                    SessionLog::transcript));

    /** Every column's name, in output order (an STT scenario's log). */
    public static List<String> columnNames() {
        return columnNames(SessionLogColumns.ALL);
    }

    /** The names of the columns a scenario with {@code columns} writes, in output order. */
    public static List<String> columnNames(SessionLogColumns columns) {
        return columns(columns).stream().map(Column::name).toList();
    }

    private static List<Column> columns(SessionLogColumns columns) {
        return columns.audio() && columns.decode()
                ? COLUMNS
                : COLUMNS.stream().filter(c -> c.in(columns)).toList();
    }

    /**
     * Text written before the first row, ending with a line break, or "" when the format has none.
     *
     * @param title     what the log is about (Markdown title), e.g. the scenario's name
     * @param startedAt when logging started
     */
    public String header(String title, Instant startedAt) {
        return header(title, startedAt, SessionLogColumns.ALL);
    }

    /** As {@link #header(String, Instant)}, for a scenario with {@code columns}. */
    public String header(String title, Instant startedAt, SessionLogColumns columns) {
        List<String> names = columnNames(columns);
        return switch (this) {
            case JSONL -> "";
            case CSV -> String.join(",", names) + "\n";
            case TSV -> String.join("\t", names) + "\n";
            case MARKDOWN ->
                "# Session log: " + title + "\n\n"
                        + "Started: " + startedAt + "\n\n"
                        + "| " + String.join(" | ", names) + " |\n"
                        + "|" + "---|".repeat(names.size()) + "\n";
        };
    }

    /** One session as one line, ending with a line break. */
    public String row(SessionLog log) {
        return row(log, SessionLogColumns.ALL);
    }

    /** As {@link #row(SessionLog)}, with only the columns a scenario with {@code columns} has. */
    public String row(SessionLog log, SessionLogColumns columns) {
        List<Column> cols = columns(columns);
        StringBuilder out = new StringBuilder(256);
        switch (this) {
            case JSONL -> {
                out.append('{');
                for (int i = 0; i < cols.size(); i++) {
                    Column c = cols.get(i);
                    out.append(i == 0 ? "" : ",").append('"').append(c.name).append("\":");
                    appendJson(out, c.value.apply(log));
                }
                out.append('}');
            }
            case CSV, TSV -> {
                for (int i = 0; i < cols.size(); i++) {
                    Object v = cols.get(i).value.apply(log);
                    out.append(i == 0 ? "" : this == CSV ? "," : "\t");
                    out.append(this == CSV ? csv(text(v)) : tsv(text(v)));
                }
            }
            case MARKDOWN -> {
                out.append('|');
                for (Column c : cols) {
                    out.append(' ')
                            .append(text(c.value.apply(log)).replace("|", "\\|").replace('\n', ' '))
                            .append(" |");
                }
            }
        }
        return out.append('\n').toString();
    }

    /** Text written after the last row, or "" when the format has none. */
    public String footer(Instant endedAt, long sessions) {
        return footer(endedAt, sessions, SessionLogColumns.ALL);
    }

    /** As {@link #footer(Instant, long)}, describing only the columns of a scenario with {@code columns}. */
    public String footer(Instant endedAt, long sessions, SessionLogColumns columns) {
        if (this != MARKDOWN) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nEnded: ")
                .append(endedAt)
                .append(" (")
                .append(sessions)
                .append(sessions == 1 ? " session" : " sessions")
                .append(")\n\n## Columns\n\n");
        out.append("Durations are rounded to milliseconds; an empty cell was not measured.\n\n");
        out.append("| column | meaning |\n|---|---|\n");
        for (Column c : columns(columns)) {
            out.append("| ")
                    .append(c.name)
                    .append(" | ")
                    .append(c.description.replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /**
     * The line a capped file ends its sessions with (see {@link SessionLogging#maxFileBytes()}),
     * ending with a line break. JSONL: an object whose first key is {@code note} (no session has
     * one); CSV and TSV: a line starting with {@code #}; Markdown: a bold paragraph after the table.
     *
     * @param maxFileBytes the cap
     * @param sessions     sessions the file holds
     */
    public String capNote(long maxFileBytes, long sessions) {
        String text = "session log cap of " + maxFileBytes + " bytes reached after " + sessions
                + (sessions == 1 ? " session" : " sessions") + ": later sessions are not written"
                + " (raise SessionLogging.withMaxFileBytes to keep them)";
        return switch (this) {
            case JSONL ->
                "{\"note\":\"" + text + "\",\"max_file_bytes\":" + maxFileBytes + ",\"sessions_written\":" + sessions
                        + "}\n";
            case CSV, TSV -> "# " + text + "\n";
            case MARKDOWN -> "\n**" + text + "**\n";
        };
    }

    /** The format for a file name's extension or a setting: jsonl, csv, tsv, md or markdown. */
    public static SessionLogFormat parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "jsonl", "json" -> JSONL;
            case "csv" -> CSV;
            case "tsv" -> TSV;
            case "md", "markdown" -> MARKDOWN;
            default ->
                throw new IllegalArgumentException(
                        "session log format '" + name + "': expected jsonl | csv | tsv | markdown");
        };
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static void appendJson(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            String s = v.toString();
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
