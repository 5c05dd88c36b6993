/**
 * The {@code speechload} command line (picocli): {@code compare}, {@code baseline update},
 * {@code report}, {@code merge}. {@link dev.speechload.core.cli.SpeechloadCommand#main} is the only
 * {@code System.exit} of speechload; exit codes live in {@link dev.speechload.core.cli.ExitCodes}.
 * See {@code docs/cli.md}.
 */
package dev.speechload.core.cli;
