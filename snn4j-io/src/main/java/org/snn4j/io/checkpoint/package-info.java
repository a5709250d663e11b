/**
 * Checkpoints: parameters and optimiser buffers in safetensors files (readable from Python with
 * {@code safetensors.numpy.load_file}), configuration, optimiser scalars, training progress and
 * provenance in JSON, and a manifest of sizes and SHA-256 sums written last. A save builds the
 * whole checkpoint in a sibling directory and renames it into place, so a crash at any point
 * leaves the previous or the new checkpoint complete and loadable.
 */
package org.snn4j.io.checkpoint;
