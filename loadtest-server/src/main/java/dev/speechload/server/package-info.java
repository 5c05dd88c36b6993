/**
 * The speechload reference server: command line ({@link dev.speechload.server.SpeechServerMain}),
 * checked configuration ({@link dev.speechload.server.ServerConfig}) and the wiring of the STT,
 * TTS, metrics, fault and lifecycle packages ({@link dev.speechload.server.SpeechServer}).
 * Only this package wires packages together.
 */
package dev.speechload.server;
