/**
 * Input and output for snn4j: IDX data sets and their location on disk ({@code idx},
 * {@code data}), batching with background prefetch ({@code data}), and crash-safe checkpoints in
 * safetensors and JSON ({@code checkpoint}). This package holds the shared helper for writing
 * files atomically, so that a crash never leaves a half-written file under its final name.
 */
package org.snn4j.io;
