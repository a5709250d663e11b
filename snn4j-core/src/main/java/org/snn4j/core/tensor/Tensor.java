package org.snn4j.core.tensor;

import java.util.Arrays;

import org.snn4j.core.autograd.GradFn;
import org.snn4j.core.autograd.Autograd;

/**
 * A dense float32 tensor in row-major order, optionally tracked by reverse-mode autograd.
 *
 * <p>Sequences are time-major: {@code [T, B, ...]}. A tensor can be <em>time-static</em>: its
 * logical shape is {@code [T, B, ...]} but it holds one step only ({@code [B, ...]}), the same at
 * every step, as direct encoding of a static image produces. Layers that understand static input
 * (Linear, neuron layers) compute on the single step; others call {@link #materialize()}.
 *
 * <p>The data array is exposed for kernels; it is never copied on access. A tensor owns its
 * array: ops allocate fresh outputs and never write into their inputs.
 *
 * <p>A spike tensor can be backed by bytes ({@link #ofSpikes}, one 0/1 byte per element, a quarter
 * of the memory traffic); its float array is then built on the first {@link #data()} call and kept.
 * That lazy step is safe if several threads race on it (each builds the same array; the field is
 * volatile), but graphs are meant to be used from one thread at a time.
 *
 * <p>{@link #packSpikes()} stores a byte-backed spike tensor as bits instead ({@link PackedBits}, 1/8 of the
 * bytes), for tensors an op keeps for backward: the values stay the same, {@link #spikeBytes()} and
 * {@link #data()} unpack them on demand.
 */
public final class Tensor {
    private final int[] shape;
    /** The float data; null until first asked for when the tensor is byte-backed. */
    private volatile float[] data;
    /** 0/1 bytes of a byte-backed spike tensor, else null (also once packed). */
    private volatile byte[] bytes;
    /** The spikes as bits once {@link #packSpikes()} has run (or for a view of a packed tensor), else null. */
    private volatile PackedBits bits;
    /** Computes the data of a deferred tensor ({@link #deferred}), else null. */
    private final java.util.function.Supplier<float[]> compute;
    private final Object deferredForm;
    private final int stored;
    private final boolean timeStatic;
    private boolean requiresGrad;
    private Tensor grad;
    private GradFn gradFn;
    private String name;
    private boolean binary;

    private Tensor(int[] shape, float[] data, boolean timeStatic) {
        this(shape, data, null, timeStatic);
    }

    private Tensor(int[] shape, float[] data, byte[] bytes, boolean timeStatic) {
        this(shape, data, bytes, null, timeStatic);
    }

    /** With {@code bits} (a view of a packed tensor) when {@code bytes} is null. */
    private Tensor(int[] shape, float[] data, byte[] bytes, PackedBits bits, boolean timeStatic) {
        this.shape = shape;
        this.data = data;
        this.bytes = bytes;
        this.bits = bytes == null ? bits : null;
        this.compute = null;
        this.deferredForm = null;
        this.stored = bytes != null ? bytes.length : this.bits != null ? this.bits.length() : data.length;
        this.timeStatic = timeStatic;
        this.binary = bytes != null || this.bits != null;
    }

    private Tensor(int[] shape, java.util.function.Supplier<float[]> compute, Object form) {
        this.shape = shape;
        this.bytes = null;
        this.compute = compute;
        this.deferredForm = form;
        this.stored = (int) numel(shape);
        this.timeStatic = false;
    }

    /** The data to share with a view: bytes-backed or packed tensors keep their lazy form, others are computed. */
    private float[] sharedData() {
        return bytes != null || bits != null ? data : data();
    }

    // ---- construction ----

    /** A zero-filled tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(s, new float[Math.toIntExact(numel(s))], false);
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = checkShape(shape);
        long n = numel(s);
        if (data.length != n) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape "
                    + Arrays.toString(s) + " needs " + n);
        }
        return new Tensor(s, data, false);
    }

    /**
     * Wraps {@code spikes} (not copied; one byte per element, each 0 or 1)
     * as a binary tensor of the given shape; its floats are built on the first {@link #data()} call.
     */
    public static Tensor ofSpikes(byte[] spikes, int... shape) {
        int[] s = checkShape(shape);
        long n = numel(s);
        if (spikes.length != n) {
            throw new IllegalArgumentException("spikes has " + spikes.length + " elements but shape "
                    + Arrays.toString(s) + " needs " + n);
        }
        return new Tensor(s, null, spikes, false);
    }

    /**
     * A tensor whose data is computed by {@code compute} on the first {@link #data()} call; {@code form}
     * describes it for consumers that can use it without the array (for example a gradient in factored
     * form, {@link org.snn4j.core.kernel.RowProduct}, or an event convolution's output that a max-pool reads
     * from its channel-last sums). {@code compute} must not depend on state that changes before the first read
     * (the event convolution keeps its own copies of the weights it needs).
     */
    public static Tensor deferred(java.util.function.Supplier<float[]> compute, Object form, int... shape) {
        return new Tensor(checkShape(shape), compute, form);
    }

    /** The form given to {@link #deferred}, or null (also once the data has been computed). */
    public Object deferredForm() {
        return data == null ? deferredForm : null;
    }

    /** A scalar (shape {@code []}). */
    public static Tensor scalar(float v) {
        return new Tensor(new int[0], new float[] {v}, false);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /**
     * A time-static view: logical shape {@code [steps, step.shape...]}, holding {@code step}'s data
     * once. Gradients flowing back are summed over time into {@code step}.
     */
    public static Tensor repeatTime(Tensor step, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        if (step.timeStatic) {
            throw new IllegalArgumentException("tensor is already time-static: " + step.shapeString());
        }
        int[] s = new int[step.shape.length + 1];
        s[0] = steps;
        System.arraycopy(step.shape, 0, s, 1, step.shape.length);
        Tensor out = new Tensor(s, step.sharedData(), step.bytes, step.bits, true);
        if (Autograd.isTracking(step)) {
            out.requiresGrad = true;
            out.gradFn = new GradFn("repeatTime", step) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    // The gradient of a time-static tensor comes in its stored layout (one step),
                    // already summed over time by the op that consumed it.
                    accumulate(0, Tensor.of(gradOutput.data(), step.shape.clone()));
                }
            };
        }
        return out;
    }

    /** A time-static tensor whose single step is {@code data} with shape {@code stepShape}. */
    public static Tensor staticOf(float[] data, int steps, int... stepShape) {
        return repeatTime(of(data, stepShape), steps);
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (numel(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " exceeds 2^31 elements");
        }
        return shape.clone();
    }

    /** Number of elements in a shape. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    // ---- access ----

    /** The logical shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return shape[d < 0 ? shape.length + d : d];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Logical number of elements. */
    public int numel() {
        return (int) numel(shape);
    }

    /**
     * The backing array. For a time-static tensor it holds one step ({@link #storedNumel()}
     * elements).
     */
    public float[] data() {
        float[] d = data;
        return d != null ? d : materializeBytes();
    }

    private float[] materializeBytes() {
        if (compute != null) {
            float[] c = compute.get();
            if (c.length != stored) {
                throw new IllegalStateException("deferred data has " + c.length + " elements, shape needs " + stored);
            }
            data = c;
            return c;
        }
        byte[] b = bytes;
        if (b == null) {
            float[] d = bits.toFloats();
            data = d;
            return d;
        }
        float[] d = new float[b.length];
        // a plain conversion (bytes are 0/1) vectorises; a compare-and-select would branch per spike
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i];
        }
        data = d;
        return d;
    }

    /**
     * The 0/1 bytes of a byte-backed spike tensor ({@link #ofSpikes}; stored layout like {@link #data()}),
     * or null when the tensor is float-backed. Read only. For a packed tensor ({@link #packSpikes()}) this is
     * a new array unpacked from the bits on every call (not kept, so the tensor stays small).
     */
    public byte[] spikeBytes() {
        byte[] b = bytes;
        if (b == null) {
            PackedBits p = bits;
            return p != null ? p.toBytes() : null;
        }
        return b;
    }

    /**
     * Stores a byte-backed spike tensor as bits ({@link PackedBits}) from now on, dropping its bytes and any
     * floats built from them (also the floats built since, on a tensor already packed): the values are unchanged, the tensor keeps 1 bit per stored element. Ops call it
     * on a spike input they keep for backward once their forward has read it. Views made earlier keep their own
     * reference to the bytes. No effect on float-backed or already packed tensors. Returns this tensor.
     */
    public Tensor packSpikes() {
        byte[] b = bytes;
        if (b != null) {
            bits = PackedBits.pack(b);
            bytes = null;
        }
        if (bits != null) {
            data = null;
        }
        return this;
    }

    /**
     * Bytes of the arrays this tensor holds right now, without building any: floats (4 per stored element), spike
     * bytes (1), packed bits (1/8, in whole 64-bit words). Views sharing an array each count it.
     */
    public long storageBytes() {
        float[] d = data;
        byte[] b = bytes;
        PackedBits p = bits;
        return (d != null ? 4L * d.length : 0) + (b != null ? b.length : 0) + (p != null ? p.sizeBytes() : 0);
    }

    /** The bits of a packed spike tensor ({@link #packSpikes()}; stored layout), or null. Read only. */
    public PackedBits packedSpikes() {
        return bytes == null ? bits : null;
    }

    /** Number of elements actually stored: {@code numel()/T} when time-static. */
    public int storedNumel() {
        return stored;
    }

    /** Whether every time step holds the same values and only one is stored. */
    public boolean isTimeStatic() {
        return timeStatic;
    }

    /** Element at a flat logical index. */
    public float get(int flatIndex) {
        byte[] b = bytes;
        if (b != null && data == null) {
            return b[timeStatic ? flatIndex % stored : flatIndex];
        }
        PackedBits p = bits;
        if (p != null && data == null) {
            return p.get(timeStatic ? flatIndex % stored : flatIndex);
        }
        float[] d = data();
        return timeStatic ? d[flatIndex % d.length] : d[flatIndex];
    }

    /** Element at a multi-index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank "
                    + index.length + " but tensor has shape " + shapeString());
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
                        + " out of bounds for shape " + shapeString());
            }
            flat = flat * shape[i] + index[i];
        }
        return get(flat);
    }

    /** The scalar value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs one element, tensor has shape " + shapeString());
        }
        return data()[0];
    }

    /** A copy of the logical contents as a flat array (expands a time-static tensor). */
    public float[] toArray() {
        float[] data = data();
        if (!timeStatic) {
            return data.clone();
        }
        int steps = shape[0];
        float[] out = new float[data.length * steps];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(data, 0, out, t * data.length, data.length);
        }
        return out;
    }

    public String shapeString() {
        return Arrays.toString(shape) + (timeStatic ? " (time-static)" : "");
    }

    /**
     * Whether every element is known to be 0 or 1 (spikes). Set by the op that produced the
     * tensor; layers use it to choose the event-driven path.
     */
    public boolean isBinary() {
        return binary;
    }

    /** Marks this tensor as holding only 0 and 1 (spikes). */
    public Tensor markBinary() {
        this.binary = true;
        return this;
    }

    public String name() {
        return name;
    }

    public Tensor setName(String name) {
        this.name = name;
        return this;
    }

    // ---- autograd ----

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor (a parameter or an input) for gradient accumulation. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("cannot stop tracking a non-leaf tensor; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** Accumulated gradient, or null. Same stored layout as this tensor. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        this.grad = g;
    }

    public void zeroGrad() {
        this.grad = null;
    }

    public GradFn gradFn() {
        return gradFn;
    }

    /** Used by ops to attach the node that produced this tensor. */
    public Tensor withGradFn(GradFn fn) {
        if (fn != null) {
            this.gradFn = fn;
            this.requiresGrad = true;
        }
        return this;
    }

    /** True for tensors no op produced (parameters, inputs). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Back-propagates from this scalar (seed gradient 1). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward() without an argument needs a scalar, got shape " + shapeString());
        }
        backward(Tensor.of(new float[] {1f}, shape.clone()));
    }

    /** Back-propagates {@code seed} (same stored layout as this tensor) through the graph, releasing it. */
    public void backward(Tensor seed) {
        Autograd.backward(this, seed);
    }

    /** {@link #backward(Tensor)}; with {@code retainGraph} the graph stays usable for another backward. */
    public void backward(Tensor seed, boolean retainGraph) {
        Autograd.backward(this, seed, retainGraph);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(shape, sharedData(), bytes, bits, timeStatic);
    }

    // ---- shape ops that share data ----

    /** Same data, another shape with the same element count. Not for time-static tensors. */
    public Tensor reshape(int... newShape) {
        int infer = -1;
        long known = 1;
        int[] s = newShape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one -1 allowed in reshape " + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + shapeString() + " to " + Arrays.toString(newShape));
            }
            s[infer] = (int) (numel() / known);
        }
        if (numel(s) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + shapeString() + " (" + numel()
                    + " elements) to " + Arrays.toString(newShape));
        }
        Tensor src = timeStatic ? materialize() : this;
        Tensor out = new Tensor(checkShape(s), src.sharedData(), src.bytes, src.bits, false);
        if (Autograd.isTracking(src)) {
            int[] origShape = src.shape;
            out.withGradFn(new GradFn("reshape", src) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    accumulate(0, Tensor.of(gradOutput.data(), origShape.clone()));
                }
            });
        }
        return out;
    }

    /**
     * The full {@code [T, ...]} tensor of a time-static one (a copy per step); returns this
     * tensor when it is not time-static.
     */
    public Tensor materialize() {
        if (!timeStatic) {
            return this;
        }
        Tensor out = new Tensor(shape, toArray(), false);
        if (Autograd.isTracking(this)) {
            out.withGradFn(new GradFn("materialize", this) {
                @Override
                public void backward(Tensor output, Tensor gradOutput) {
                    Tensor summed = gradOutput.sumOverTime();
                    accumulate(0, summed);
                }
            });
        }
        return out;
    }

    /** Sum over dimension 0 of a non-static tensor, returning shape {@code shape[1..]}. No graph. */
    public Tensor sumOverTime() {
        float[] data = data();
        if (timeStatic) {
            float[] d = data.clone();
            float steps = shape[0];
            for (int i = 0; i < d.length; i++) {
                d[i] *= steps;
            }
            return Tensor.of(d, Arrays.copyOfRange(shape, 1, shape.length));
        }
        int steps = shape[0];
        int step = data.length / Math.max(steps, 1);
        float[] out = new float[step];
        for (int t = 0; t < steps; t++) {
            int off = t * step;
            for (int i = 0; i < step; i++) {
                out[i] += data[off + i];
            }
        }
        return Tensor.of(out, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Time step {@code t} of a {@code [T, ...]} tensor (a view sharing data when possible). No graph. */
    public Tensor step(int t) {
        if (shape.length == 0 || t < 0 || t >= shape[0]) {
            throw new IndexOutOfBoundsException("step " + t + " of tensor with shape " + shapeString());
        }
        int[] s = Arrays.copyOfRange(shape, 1, shape.length);
        if (timeStatic) {
            return new Tensor(s, sharedData(), bytes, bits, false);
        }
        float[] data = data();
        int n = data.length / shape[0];
        return new Tensor(s, Arrays.copyOfRange(data, t * n, (t + 1) * n), false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString());
        if (name != null) {
            sb.append(" '").append(name).append('\'');
        }
        float[] data = data();
        int n = Math.min(data.length, 8);
        sb.append(" [");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(data[i]);
        }
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }

    /** Throws with a message naming {@code where} and both shapes unless {@code t} has {@code rank} dims. */
    public static void checkRank(String where, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(where + ": expected a rank-" + rank + " tensor, got shape " + t.shapeString());
        }
    }
}
