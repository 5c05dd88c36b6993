/**
 * Real CPU work on demand ({@link dev.speechload.server.cpu.CpuBurner}), shared by the synthetic
 * STT and TTS engines and the CPU-cost fault, so that all three load the machine the same way.
 */
package dev.speechload.server.cpu;
