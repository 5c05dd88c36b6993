/**
 * Text-to-speech part of the reference server: {@code POST /v1/tts} and {@code GET /v1/tts},
 * answered with a stream of server-sent events.
 *
 * <p>API: {@link dev.speechload.server.tts.TtsSettings} (checked settings),
 * {@link dev.speechload.server.tts.TtsHooks} (callbacks for metrics and faults, no-op by default)
 * and {@link dev.speechload.server.tts.TtsEndpoint} (registers the handler on a JDK
 * {@code HttpServer}). Every other type in this package is package-private and not API.
 *
 * <h2>Requests</h2>
 * <ul>
 *   <li>{@code POST /v1/tts} with a JSON object {@code {"text": "...", "voice": "en-us"}};
 *       {@code voice} is optional; unknown fields are ignored.</li>
 *   <li>{@code GET /v1/tts?text=...&voice=...} (URL-encoded), which is what an
 *       {@code EventSource} uses, also when it reconnects.</li>
 *   <li>Header {@code Last-Event-ID: n} resumes a stream: events with an id up to {@code n} are
 *       left out. The text is synthesized again, which gives the same events because the
 *       engines are deterministic. A non-numeric value is ignored.</li>
 * </ul>
 * Text length is counted in Unicode code points ("characters"), so an emoji counts as one.
 *
 * <h2>Events</h2>
 * The response is {@code 200} with {@code Content-Type: text/event-stream; charset=utf-8},
 * chunked, and flushed after every event. Each event has {@code id:} (1, 2, 3 ... in order),
 * {@code event:} (its type) and one {@code data:} line of JSON:
 * <ul>
 *   <li>{@code chunk}: a text chunk is ready, before its audio:
 *       {@code {"chunk": 0, "chars": 42, "frames": 26, "audio_ms": 2520,
 *       "sample_rate_hz": 16000, "text": "..."}}</li>
 *   <li>{@code audio}: 100 ms of mono PCM16, little-endian, base64 (the last frame of a chunk may
 *       be shorter): {@code {"chunk": 0, "frame": 0, "samples": 1600,
 *       "sample_rate_hz": 16000, "pcm16": "..."}}</li>
 *   <li>{@code done}: the last event of a stream that finished:
 *       {@code {"chunks": 3, "frames": 75, "audio_ms": 7440, "chars": 124, "elapsed_ms": 12}};
 *       {@code chars} counts the whole text, {@code elapsed_ms} runs from the request.</li>
 *   <li>{@code error}: the last event of a stream that failed after it started:
 *       {@code {"code": "ERR1004", "message": "..."}}. It has <em>no</em> {@code id}, because it
 *       is not part of the replayable content: a client that reconnects with its
 *       {@code Last-Event-ID} resumes after the last good event.</li>
 * </ul>
 * A stream ends after {@code done} or {@code error}; if the client disconnects, it ends quietly.
 * While a stream waits for its next chunk it writes a comment line {@code : heartbeat} after
 * every second of silence (clients ignore comments): that write is how the server notices a
 * client that went away, so an abandoned stream is freed within about two seconds instead of
 * waiting for its chunk.
 *
 * <h2>Error codes</h2>
 * Errors before the stream starts are answered with a status and
 * {@code {"error": {"code": "...", "message": "..."}}} ({@code application/json}). Messages are
 * for people and may change; codes are stable. No stack trace is ever sent.
 * <table>
 *   <caption>Error codes</caption>
 *   <tr><th>code</th><th>status</th><th>meaning</th></tr>
 *   <tr><td>ERR1001</td><td>400</td><td>text is empty or whitespace only</td></tr>
 *   <tr><td>ERR1002</td><td>413</td><td>text over {@code maxTextChars} (the message names the
 *       limit), or a request body too large to hold such a text</td></tr>
 *   <tr><td>ERR1003</td><td>400, 404, 405</td><td>malformed request: bad JSON, no
 *       {@code text}, a field of the wrong type, an invalid voice name; also an unknown path
 *       (404) and a method other than GET or POST (405, with {@code Allow: GET, POST})</td></tr>
 *   <tr><td>ERR1004</td><td>event</td><td>a chunk was not generated within
 *       {@code chunkTimeout} (the time includes {@link
 *       dev.speechload.server.tts.TtsHooks#beforeChunk()} and {@link
 *       dev.speechload.server.tts.TtsHooks#afterChunk(long)}); the generating thread is
 *       interrupted</td></tr>
 *   <tr><td>ERR1005</td><td>503, event</td><td>the server is shutting down
 *       ({@link dev.speechload.server.tts.TtsEndpoint#beginShutdown()}); streams already
 *       running finish, unless they are cut when the shutdown grace is over
 *       ({@link dev.speechload.server.tts.TtsEndpoint#cutStreams(String)}): then they end with
 *       this error event</td></tr>
 *   <tr><td>ERR1006</td><td>event, 500</td><td>synthesis failed: the engine failed (e.g.
 *       {@code espeak-ng} exited with an error, such as for an unknown voice), a
 *       {@code beforeChunk} or {@code afterChunk} hook threw (an injected fault), or an
 *       internal error</td></tr>
 * </table>
 *
 * <h2>Text splitting</h2>
 * Before synthesis the text is cut into chunks of at most {@code maxChars} code points, at the
 * most natural boundary that works:
 * <ol>
 *   <li>sentence ends: {@code . ! ? …} followed by whitespace or the end, CJK
 *       {@code 。！？} anywhere, line breaks (closing quotes and brackets stay with the
 *       sentence);</li>
 *   <li>clause marks: {@code , ; :} followed by whitespace (so {@code 3.14}, {@code 1,000},
 *       {@code 10:30} and URLs stay whole), CJK {@code ，、；：} anywhere;</li>
 *   <li>word boundaries (spaces, after hyphens, between CJK ideographs);</li>
 *   <li>for one overlong word, grapheme clusters (an emoji sequence or a letter with its
 *       combining marks stays whole), and only for a single cluster longer than the limit,
 *       code points. Surrogate pairs are never split.</li>
 * </ol>
 * Whole sentences (or clauses, words) are packed into one chunk while they fit. No text is lost:
 * the chunks, in order, with the whitespace between them, give back the text; only the
 * whitespace at chunk edges is dropped, whitespace inside a chunk is kept.
 *
 * <h2>Engines</h2>
 * {@code synthetic} (default): 60 ms of deterministic audio per code point (a tone with two
 * harmonics whose pitch depends on the character and voice; whitespace and punctuation are
 * silent), at {@code sampleRateHz}, then {@code realTimeFactor} CPU seconds burnt per audio
 * second, so that load saturates the CPU as a real model would. {@code espeak}: runs
 * {@code espeak-ng --stdout} per chunk and streams its PCM at espeak-ng's rate (22,050 Hz),
 * reported in each event; the endpoint refuses to start without {@code espeak-ng} on the PATH
 * (install with {@code apt-get install espeak-ng}).
 *
 * <h2>Threads</h2>
 * A stream occupies the HTTP server's executor thread that took the request until it ends; the
 * server must have an executor with enough threads. Chunks are generated one at a time on the
 * endpoint's own daemon threads (so the chunk timeout can interrupt them) and each one's audio
 * is written and flushed before the next is generated: memory per stream is bounded by one
 * chunk's audio.
 */
package dev.speechload.server.tts;
