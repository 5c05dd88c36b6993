/**
 * The TTS stress corpus: {@link dev.speechload.sse.corpus.StressCorpus} generates
 * {@link dev.speechload.sse.corpus.CorpusItem}s of every
 * {@link dev.speechload.sse.corpus.Category} deterministically from a seed and the sentences
 * shipped under {@code src/main/resources/dev/speechload/sse/corpus/} (see {@code SOURCES.md}).
 */
package dev.speechload.sse.corpus;
