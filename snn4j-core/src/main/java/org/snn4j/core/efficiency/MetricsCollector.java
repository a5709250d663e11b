package org.snn4j.core.efficiency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.snn4j.core.nn.ClippedReLU;
import org.snn4j.core.nn.Conv1d;
import org.snn4j.core.nn.Conv2d;
import org.snn4j.core.nn.ForwardHook;
import org.snn4j.core.nn.Linear;
import org.snn4j.core.nn.Module;
import org.snn4j.core.nn.QCFS;
import org.snn4j.core.neuron.NeuronLayer;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.tensor.Tensor;

/**
 * Observes forward passes of a model and accumulates NeuroBench's workload metrics over a data set:
 * synaptic operations per connection layer ({@link SynapticOps}), activation sparsity per activation layer,
 * and membrane updates per spiking layer (any {@link NeuronLayer}: the {@link SpikingNeuron}s, a converted
 * network's integrate-and-fire layers). {@link #attach} sets a {@link ForwardHook} on every module of the
 * model (containers run their children through {@link Module#call}); {@link #close} removes them, after
 * which the model runs exactly as before (no hook, no cost).
 * <pre>
 *   activation sparsity = sum over activation layers, steps, samples of zero outputs
 *                         / sum of outputs                                  (NeuroBench ActivationSparsity)
 *   membrane updates    = per spiking layer and pass: every neuron at the first step, then the neurons whose
 *                         membrane V[t] differs from V[t-1]; summed, divided by the samples (NeuroBench
 *                         MembraneUpdates: count_nonzero(pre - post) after the first call, numel at the first)
 *   dense membrane updates = neurons x steps per sample
 * </pre>
 * Activation layers are, by default, the spiking layers ({@link NeuronLayer}) and modules whose class is
 * named {@code ReLU} or {@code Sigmoid} (NeuroBench's defaults), and the clipped ReLU and QCFS activations
 * of ANNs made for conversion; another predicate can be given. The membrane is the state a layer returns as
 * its membrane ({@link NeuronLayer#recordedMembrane()}; turned on for the pass when it is off). An
 * all-to-all recurrent {@code Linear} (child "recurrent" of a neuron layer) is counted on the layer's spikes
 * shifted by one step ({@code S[t-1]}, zero at t = 0), the input it multiplies.
 *
 * <p>Spikes: a connection layer's input step counts effective ACs when its nonzero values are all 1 in
 * magnitude or one of the spike amplitudes of the model's neuron layers ({@link NeuronLayer#spikeValues()},
 * read when the collector is attached: a converted IF layer's thresholds), so the layer after a converted IF
 * layer, whose spikes carry the threshold, accumulates as after a binary one (see {@link SynapticOps}).
 *
 * <p>Samples: {@link #forward(Tensor)} counts dimension 1 of a time-major input {@code [T, B, ...]};
 * {@link #forward(Tensor, int)} takes the number. A model run some other way (its own loop calling
 * {@link Module#call}) reports its samples through {@link #addSamples}. A pass that calls {@code forward} on
 * the root directly, not {@code call}, is seen only through its children. The collector is meant for one
 * thread; passes on other threads while it is attached are counted too.
 */
public final class MetricsCollector implements ForwardHook, AutoCloseable {
    private static final Set<String> DEFAULT_ACTIVATIONS = Set.of("ReLU", "Sigmoid");

    private final Module model;
    private final Predicate<Module> isActivation;
    private final Map<Module, Entry> entries = new IdentityHashMap<>();
    private final List<Entry> order = new ArrayList<>();
    private final List<Module> hooked = new ArrayList<>();
    private final Set<Module> recordingOn = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Float> amplitudes = new ArrayList<>();
    private float[] spikeValues;
    private long samples;
    private boolean closed;

    private static final class Entry {
        final String name;
        final Module module;
        final boolean activation;
        long dense;
        long macs;
        long acs;
        long outputs;
        long zeroOutputs;
        long memUpdates;
        long memDense;

        Entry(String name, Module module, boolean activation) {
            this.name = name;
            this.module = module;
            this.activation = activation;
        }
    }

    private MetricsCollector(Module model, Predicate<Module> isActivation) {
        this.model = model;
        this.isActivation = isActivation;
    }

    /** Observes {@code model} with the default activation layers. */
    public static MetricsCollector attach(Module model) {
        return attach(model, MetricsCollector::isDefaultActivation);
    }

    /** Observes {@code model}; {@code isActivation} picks the layers whose outputs count for activation sparsity. */
    public static MetricsCollector attach(Module model, Predicate<Module> isActivation) {
        if (model == null || isActivation == null) {
            throw new IllegalArgumentException("MetricsCollector.attach: model and activation predicate must be given");
        }
        MetricsCollector c = new MetricsCollector(model, isActivation);
        try {
            c.walk(model, "", Collections.newSetFromMap(new IdentityHashMap<>()));
            float[] a = new float[c.amplitudes.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = c.amplitudes.get(i);
            }
            c.spikeValues = SynapticOps.spikeValues(a);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** NeuroBench's default activation modules (spiking layers, ReLU, Sigmoid), and ClippedReLU and QCFS. */
    public static boolean isDefaultActivation(Module m) {
        return m instanceof NeuronLayer || m instanceof ClippedReLU || m instanceof QCFS
                || DEFAULT_ACTIVATIONS.contains(m.getClass().getSimpleName());
    }

    /** The sorted spike amplitudes whose inputs count as spikes (1 and the neuron layers' spike values). */
    public float[] spikeValues() {
        return spikeValues.clone();
    }

    private void walk(Module m, String path, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        if (m.forwardHook() != null) {
            throw new IllegalStateException("module '" + (path.isEmpty() ? m.toString() : path)
                    + "' already has a forward hook (is another MetricsCollector attached?)");
        }
        m.setForwardHook(this);
        hooked.add(m);
        boolean act = isActivation.test(m);
        if (m instanceof NeuronLayer n) {
            for (float v : n.spikeValues()) {
                if (v == 0f || !Float.isFinite(v)) {
                    throw new IllegalArgumentException("neuron layer '" + (path.isEmpty() ? m.toString() : path)
                            + "' gives spike value " + v + "; spike values must be finite and nonzero");
                }
                amplitudes.add(v);
            }
        }
        if (StaticMetrics.weightOf(m) != null || act || m instanceof NeuronLayer) {
            Entry e = new Entry(path.isEmpty() ? m.getClass().getSimpleName() : path, m, act);
            entries.put(m, e);
            order.add(e);
        }
        for (Map.Entry<String, Module> c : m.children().entrySet()) {
            walk(c.getValue(), path.isEmpty() ? c.getKey() : path + "." + c.getKey(), seen);
        }
    }

    /** Runs the model on a time-major input {@code [T, B, ...]} and counts its B samples. */
    public Tensor forward(Tensor input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException("MetricsCollector.forward: expected a time-major input [T, B, ...], got "
                    + input.shapeString() + "; give the number of samples with forward(input, samples)");
        }
        return forward(input, input.size(1));
    }

    /** Runs the model on {@code input} and counts {@code samples} samples. */
    public Tensor forward(Tensor input, int samples) {
        checkOpen();
        Tensor out = model.call(input);
        addSamples(samples);
        return out;
    }

    /** Adds samples run through the model by other means. */
    public void addSamples(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("MetricsCollector: sample count must be >= 0, got " + n);
        }
        samples += n;
    }

    /** Samples counted so far. */
    public long samples() {
        return samples;
    }

    /** Clears the accumulated counts and samples (hooks stay). */
    public void reset() {
        samples = 0;
        for (Entry e : order) {
            e.dense = e.macs = e.acs = e.outputs = e.zeroOutputs = e.memUpdates = e.memDense = 0;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("MetricsCollector is closed");
        }
    }

    @Override
    public void before(Module module, Tensor input) {
        if (module instanceof NeuronLayer n && entries.containsKey(module) && !n.isRecordingMembrane()) {
            n.setRecordMembrane(true);
            recordingOn.add(module);
        }
    }

    @Override
    public void after(Module module, Tensor input, Tensor output) {
        Entry e = entries.get(module);
        if (e == null) {
            return;
        }
        SynapticOps ops = null;
        if (module instanceof Linear l) {
            ops = SynapticOps.linear(l.weight(), input, l.toString(), spikeValues);
        } else if (module instanceof Conv2d c) {
            ops = SynapticOps.conv2d(c, input, spikeValues);
        } else if (module instanceof Conv1d c) {
            ops = SynapticOps.conv1d(c, input, spikeValues);
        }
        if (ops != null) {
            add(e, ops);
        }
        if (e.activation) {
            countOutputs(e, output);
        }
        if (module instanceof NeuronLayer n) {
            Tensor mem = n.recordedMembrane();
            if (recordingOn.remove(module)) {
                n.setRecordMembrane(false);
            }
            if (mem != null) {
                countMembrane(e, mem);
            }
            if (module.children().get("recurrent") instanceof Linear rec && entries.containsKey(rec)) {
                add(entries.get(rec), SynapticOps.linear(rec.weight(), previousStep(output), rec.toString(),
                        spikeValues));
            }
        }
    }

    private static void add(Entry e, SynapticOps ops) {
        e.dense += ops.dense();
        e.macs += ops.effectiveMacs();
        e.acs += ops.effectiveAcs();
    }

    /** Zero and total outputs over all steps (a time-static output counts at every step). */
    private static void countOutputs(Entry e, Tensor y) {
        long zeros = 0;
        byte[] b = y.spikeBytes();
        if (b != null) {
            for (byte v : b) {
                if (v == 0) {
                    zeros++;
                }
            }
        } else {
            zeros = StaticMetrics.zeros(y);
        }
        long repeat = y.isTimeStatic() ? y.size(0) : 1;
        e.zeroOutputs += repeat * zeros;
        e.outputs += y.numel();
    }

    private static void countMembrane(Entry e, Tensor mem) {
        int steps = mem.rank() >= 2 ? mem.size(0) : 1;
        if (steps == 0 || mem.numel() == 0) {
            return;
        }
        float[] v = mem.data();
        if (mem.isTimeStatic()) {
            // one stored step, the same at every t: only the first step updates
            e.memUpdates += mem.storedNumel();
            e.memDense += mem.numel();
            return;
        }
        int n = v.length / steps;
        long changed = n;
        for (int t = 1; t < steps; t++) {
            int cur = t * n;
            int prev = cur - n;
            for (int i = 0; i < n; i++) {
                if (v[cur + i] != v[prev + i]) {
                    changed++;
                }
            }
        }
        e.memUpdates += changed;
        e.memDense += (long) steps * n;
    }

    /** Spikes {@code [T, ...]} delayed by one step: {@code S[t-1]}, zero at t = 0. */
    private static Tensor previousStep(Tensor spikes) {
        int steps = spikes.size(0);
        int[] shape = spikes.shape();
        if (spikes.isTimeStatic()) {
            spikes = spikes.materialize();
        }
        int n = steps == 0 ? 0 : spikes.storedNumel() / steps;
        byte[] b = spikes.spikeBytes();
        if (b != null) {
            byte[] d = new byte[b.length];
            System.arraycopy(b, 0, d, n, b.length - n);
            return Tensor.ofSpikes(d, shape);
        }
        float[] f = spikes.data();
        float[] d = new float[f.length];
        System.arraycopy(f, 0, d, n, f.length - n);
        return Tensor.of(d, shape);
    }

    /** The metrics so far: static metrics of the model as it is now, workload metrics per sample. */
    public EfficiencyReport report() {
        double div = samples == 0 ? Double.POSITIVE_INFINITY : samples;
        List<LayerMetrics> layers = new ArrayList<>();
        long dense = 0, macs = 0, acs = 0, outputs = 0, zeroOutputs = 0, mem = 0, memDense = 0;
        for (Entry e : order) {
            Tensor w = StaticMetrics.weightOf(e.module);
            long weights = w == null ? 0 : w.numel();
            long zeroWeights = w == null ? 0 : StaticMetrics.zeros(w);
            double actSparsity = e.activation && e.outputs > 0 ? (double) e.zeroOutputs / e.outputs : Double.NaN;
            layers.add(new LayerMetrics(e.name, e.module.getClass().getSimpleName(), weights, zeroWeights,
                    e.dense / div, e.macs / div, e.acs / div, e.outputs / div, actSparsity, e.memUpdates / div,
                    e.memDense / div));
            dense += e.dense;
            macs += e.macs;
            acs += e.acs;
            if (e.activation) {
                outputs += e.outputs;
                zeroOutputs += e.zeroOutputs;
            }
            mem += e.memUpdates;
            memDense += e.memDense;
        }
        return new EfficiencyReport(samples, StaticMetrics.footprintBytes(model),
                StaticMetrics.connectionSparsity(model), outputs == 0 ? 0.0 : (double) zeroOutputs / outputs,
                dense / div, macs / div, acs / div, mem / div, memDense / div, layers);
    }

    /** Removes the hooks (and any membrane recording this collector turned on); counts stay readable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Module m : hooked) {
            if (m.forwardHook() == this) {
                m.setForwardHook(null);
            }
        }
        for (Module m : recordingOn) {
            ((NeuronLayer) m).setRecordMembrane(false);
        }
        recordingOn.clear();
    }
}
