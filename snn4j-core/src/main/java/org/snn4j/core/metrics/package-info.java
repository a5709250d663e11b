/**
 * Training and evaluation metrics: classification accuracy from output spike trains (by count,
 * first spike or maximum membrane), firing rates of a layer (overall and per neuron), and a
 * running average for progress reporting.
 */
package org.snn4j.core.metrics;
