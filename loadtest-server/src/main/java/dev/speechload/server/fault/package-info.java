/**
 * Fault injection, all off by default: extra latency per result (fixed, or in proportion to the
 * engine's own time), CPU time per stream message, a memory leak, a descriptor leak, periodic
 * stalls of the decode pool and TTS chunks, and a crash after N requests.
 * {@link dev.speechload.server.fault.Faults} is the one object the STT and TTS code call;
 * each fault is its own small class.
 */
package dev.speechload.server.fault;
