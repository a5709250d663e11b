package org.snn4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.snn4j.convert.ConvertedNetwork;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.nn.Sequential;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;
import org.snn4j.io.data.ImageDataset;
import org.snn4j.io.data.Layout;
import org.snn4j.viz.LineChart;
import org.snn4j.viz.MembraneTraces;
import org.snn4j.viz.Png;
import org.snn4j.viz.RasterPlot;
import org.snn4j.viz.Series;
import org.snn4j.viz.SpikeRaster;
import org.snn4j.viz.Trace;
import org.snn4j.viz.TrainingCurves;
import org.snn4j.viz.report.ReportSection;
import org.snn4j.viz.report.RunReport;
import org.snn4j.viz.report.Table;

/** Writes the plots and the HTML report of a training run, and renders those of a conversion. */
final class Reports {
    private Reports() {
    }

    static void write(Path dir, RunConfig config, Sequential model, Encoder encoder, ImageDataset test, Metrics metrics,
                      Map<String, Object> summary) throws IOException {
        // Training loss/accuracy over steps (window means), test values at the end of each epoch.
        int n = metrics.steps().size();
        double[] sx = new double[n];
        double[] sl = new double[n];
        double[] sa = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = metrics.steps().get(i);
            sx[i] = p[0];
            sl[i] = p[1];
            sa[i] = p[2];
        }
        double[] ex = metrics.column("step");
        List<Series> loss = new ArrayList<>(List.of(new Series("train loss", sx, sl),
                new Series("test loss", ex, metrics.column("test_loss"))));
        List<Series> acc = new ArrayList<>(List.of(new Series("train accuracy", sx, sa),
                new Series("test accuracy", ex, metrics.column("test_acc"))));
        if (metrics.columns().contains("val_acc")) {
            loss.add(new Series("validation loss", ex, metrics.column("val_loss")));
            acc.add(new Series("validation accuracy", ex, metrics.column("val_acc")));
        }
        BufferedImage curves = TrainingCurves.render("Loss and accuracy", "training step", loss, acc);
        Png.write(curves, dir.resolve("curves.png"));

        // One test sample through the network: spikes of every spiking layer, membrane of the outputs
        // (an ANN has neither).
        BufferedImage raster = null;
        BufferedImage membrane = null;
        if (!config.model().ann()) {
            Tensor x = test.toTensor(new int[] {0}, Layout.FLAT);
            Tensor enc = encoder.encode(x, config.steps(), Rng.derive(config.seed() ^ 0x7E57L, 0).seed());
            Tensor in = Models.input(config, enc);
            boolean wasTraining = model.isTraining();
            model.train(false);
            List<Tensor> outs;
            try {
                outs = TrainingRun.inferAll(model, in);
            } finally {
                model.train(wasTraining);
            }
            List<SpikeRaster> layers = new ArrayList<>();
            if (enc.isBinary()) {
                layers.add(raster("input (" + config.encoder() + ")", enc, config.steps()));
            }
            int k = 0;
            for (int i = 0; i < outs.size(); i++) {
                if (Models.spikingLayer(model.get(i), outs.get(i))) {
                    k++;
                    layers.add(raster("spiking layer " + k, outs.get(i), config.steps()));
                }
            }
            raster = RasterPlot.render("Spikes for test sample 0 (label " + test.label(0) + ")", layers);
            Png.write(raster, dir.resolve("raster.png"));

            model.train(false);
            Tensor mem;
            try {
                mem = Models.outputMembrane(model, in);
            } finally {
                model.train(wasTraining);
            }
            if (mem != null) {
                int steps = mem.size(0);
                int classes = mem.size(-1);
                Tensor spikes = outs.get(outs.size() - 1);
                float[] md = mem.toArray();
                float[] sd = spikes.toArray();
                // Show the true class, then the other outputs in order of spike count (ties: mean membrane).
                double[] score = new double[classes];
                for (int t = 0; t < steps; t++) {
                    for (int c = 0; c < classes; c++) {
                        score[c] += (spikes.isBinary() ? sd[t * classes + c] * 1000.0 : 0) + md[t * classes + c] / steps;
                    }
                }
                List<Integer> order = new ArrayList<>();
                int label = test.label(0);
                if (label < classes) {
                    order.add(label);
                }
                List<Integer> rest = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    if (c != label) {
                        rest.add(c);
                    }
                }
                rest.sort((a, b) -> Double.compare(score[b], score[a]));
                order.addAll(rest);
                List<Trace> traces = new ArrayList<>();
                for (int c : order.subList(0, Math.min(4, order.size()))) {
                    float[] v = new float[steps];
                    float[] s = new float[steps];
                    for (int t = 0; t < steps; t++) {
                        v[t] = md[t * classes + c];
                        s[t] = spikes.isBinary() ? sd[t * classes + c] : 0f;
                    }
                    traces.add(Trace.of("output neuron " + c + (c == label ? " (true class)" : ""), v, s));
                }
                membrane = MembraneTraces.render("Output membrane potential, test sample 0", traces, config.threshold());
                Png.write(membrane, dir.resolve("membrane.png"));
            }
        }

        RunReport report = new RunReport("snn4j training run").subtitle(config.model().ann()
                ? config.model().describe() + " (ANN), cross-entropy loss on the logits"
                : (config.model().convolutional() ? config.model().describe() : config.layers()) + " " + config.neuron()
                + ", T=" + config.steps() + ", " + config.encoder() + " encoding, " + config.loss() + " loss");
        Map<String, Object> head = new LinkedHashMap<>(summary);
        head.put("kernels", Kernels.describe().replaceFirst("^snn4j: ", ""));
        report.summary(head);
        List<String> cols = metrics.columns();
        Table.Builder tb = Table.builder(cols);
        for (Map<String, Object> row : metrics.rows()) {
            Object[] cells = new Object[cols.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = Metrics.format(row.get(cols.get(i)));
            }
            tb.row(cells);
        }
        report.metrics(tb.build());
        report.section("Training curves").image("training loss and accuracy (means over windows of batches) and test"
                + (metrics.columns().contains("val_acc") ? " and validation" : "") + " values after each epoch", curves);
        if (raster != null) {
            report.section("Spike raster").image("spikes of every layer for one test sample", raster);
        }
        if (membrane != null) {
            report.section("Membrane traces").image("output neurons; dashed line: threshold", membrane);
        }
        report.section("Model").pre(model.describe());
        report.section("Configuration").keyValues(config.toMap());
        report.writeToDirectory(dir);
    }

    /** The SNN's test accuracy at every t = 1..T, the ANN's as a horizontal line ({@code accuracy_vs_t.png}). */
    static BufferedImage accuracyOverTime(double annAcc, double[] acc) {
        double[] t = new double[acc.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
        }
        XYChart chart = LineChart.chart("Converted SNN: test accuracy over time steps", "time step t",
                "test accuracy", List.of(new Series("SNN (argmax of the output current summed up to t)", t, acc),
                        new Series(String.format(Locale.ROOT, "ANN (%.4f)", annAcc), new double[] {1, acc.length},
                                new double[] {annAcc, annAcc})), 800, 500);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.InsideSE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * The report of {@code snn4j convert}: its settings and accuracies in the summary, and one section
     * ({@link #conversionSection}).
     */
    static RunReport conversionReport(Map<String, Object> settings, double annAcc, double[] acc,
                                      List<ConvertedNetwork.Layer> layers, Map<String, Object> seconds,
                                      BufferedImage plot) {
        RunReport report = new RunReport("snn4j ANN-to-SNN conversion").subtitle(settings.get("model") + ", "
                + settings.get("normalization") + (Boolean.TRUE.equals(settings.get("per_channel")) ? " per channel" : "")
                + " thresholds, reset by " + settings.get("reset") + ", T=" + acc.length);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("ann_acc", annAcc);
        for (int t : ConvertCommand.reportedSteps(acc.length)) {
            head.put("snn_acc_T" + t, acc[t - 1]);
        }
        head.put("kernels", Kernels.describe().replaceFirst("^snn4j: ", ""));
        report.summary(head);
        report.add(conversionSection(settings, annAcc, acc, layers, seconds, plot));
        return report;
    }

    /**
     * The report section of a conversion (id {@code conversion}, so {@link RunReport#appendSection} replaces an
     * earlier one): the accuracy plot, accuracy at t = 1, 2, 4, ..., T, the IF layers with their thresholds, the
     * settings and wall times.
     */
    static ReportSection conversionSection(Map<String, Object> settings, double annAcc, double[] acc,
                                           List<ConvertedNetwork.Layer> layers, Map<String, Object> seconds,
                                           BufferedImage plot) {
        ReportSection s = new ReportSection("conversion", "ANN-to-SNN conversion");
        s.text("The ANN's ReLU-type activations become integrate-and-fire neurons whose spikes carry their threshold;"
                + " the SNN reads the analog image at every step and its prediction at t is the argmax of the output"
                + " current summed over steps 1..t. ANN test accuracy " + String.format(Locale.ROOT, "%.4f", annAcc)
                + ".");
        s.image("test accuracy of the converted network at every time step; horizontal line: the ANN", plot);
        Table.Builder at = Table.builder("T", "SNN accuracy", "ANN accuracy");
        for (int t : ConvertCommand.reportedSteps(acc.length)) {
            at.row(t, acc[t - 1], annAcc);
        }
        s.table(at.build());
        Table.Builder lt = Table.builder("layer (dotted path in the ANN)", "activation", "thresholds", "min", "max");
        for (ConvertedNetwork.Layer l : layers) {
            float[] th = l.neuron().thresholds();
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : th) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            lt.row(l.path(), l.activation(), th.length == 1 ? "1 (per layer)" : th.length + " (per channel)", lo, hi);
        }
        s.table(lt.build());
        Map<String, Object> kv = new LinkedHashMap<>(settings);
        seconds.forEach((k, v) -> kv.put("seconds " + k, v));
        s.keyValues(kv);
        return s;
    }

    /** Neurons of a layer shown in the raster at most (the first ones, in the layer's C-H-W order). */
    static final int RASTER_NEURONS = 1024;

    /** The raster of a one-sample output {@code [T, 1, ...]}: its first {@link #RASTER_NEURONS} neurons. */
    private static SpikeRaster raster(String name, Tensor t, int steps) {
        float[] all = t.toArray();
        int neurons = all.length / steps;
        int shown = Math.min(neurons, RASTER_NEURONS);
        if (shown == neurons) {
            return SpikeRaster.of(name + " (" + neurons + " neurons)", all, steps, neurons);
        }
        float[] part = new float[steps * shown];
        for (int s = 0; s < steps; s++) {
            System.arraycopy(all, s * neurons, part, s * shown, shown);
        }
        return SpikeRaster.of(name + " (first " + shown + " of " + neurons + " neurons)", part, steps, shown);
    }
}
