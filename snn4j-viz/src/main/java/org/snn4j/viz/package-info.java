/**
 * Plots for spiking-network runs, rendered headless to PNG: training curves ({@link org.snn4j.viz.TrainingCurves}),
 * spike rasters ({@link org.snn4j.viz.RasterPlot}), membrane traces ({@link org.snn4j.viz.MembraneTraces}) and small
 * generic charts ({@link org.snn4j.viz.LineChart}, {@link org.snn4j.viz.BarChart}, {@link org.snn4j.viz.Histogram}).
 * Every entry point takes plain arrays and records, never training classes, so the trainer, the simulator and the
 * CLI can all reuse it; every renderer returns a {@link java.awt.image.BufferedImage} that {@link org.snn4j.viz.Png}
 * encodes or writes atomically, and AWT is forced into headless mode before it is first touched.
 */
package org.snn4j.viz;
