/**
 * Input encoders and output decoders: {@link org.snn4j.core.encode.Encoder} turns static data
 * {@code [B, ...]} into input sequences {@code [T, B, ...]} with snnTorch {@code spikegen}
 * semantics (direct current, Bernoulli rate, latency, delta modulation) plus Gaussian population
 * coding, seeded per sample so results never depend on the thread count; {@link
 * org.snn4j.core.encode.Decode} reads output sequences back as spike counts, rates, first-spike
 * times or maximum membrane potentials and turns them into class predictions with documented
 * tie rules.
 */
package org.snn4j.core.encode;
