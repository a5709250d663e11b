package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.List;

import org.snn4j.core.nn.Steppable.Stepper;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * A learnable linear recurrent connection around a module. With {@code x[t]} the container's input
 * ({@code [..., in]}), {@code i[t]} the wrapped module's input and {@code y[t]} its output ({@code [..., out]},
 * also the container's output), {@code y[-1] = 0}, {@code y[t] = sub_module(i[t])} run one step at a time, and
 * the recurrent layer {@code rc} (a {@link Linear} with weight {@code W} and optional bias {@code b}):
 * <pre>
 *   CONCAT:  i[t] = cat(x[t], y[t-1]) W^T + b     rc = Linear(in + out, in)  (SpikingJelly's
 *                                                  layer.LinearRecurrentContainer, its default form)
 *   ADD:     i[t] = x[t] + y[t-1] W^T + b          rc = Linear(out, in)
 * </pre>
 * ADD is the recurrence of snnTorch's {@code RLeaky}/{@code RSynaptic} with {@code all_to_all=True}: a
 * {@code Leaky} neuron in an ADD container with {@code in = out = N} computes what {@code RLeaky} with a
 * {@code Linear(N, N)} recurrent layer computes (bias included at {@code t = 0}, fed-back spikes not
 * detached). CONCAT with {@code W = [I | W_r]} and the same bias is the same computation.
 *
 * <p>Children are named as SpikingJelly's ({@code "rc"} then {@code "sub_module"}, so parameters are
 * {@code rc.weight}, {@code rc.bias}, {@code sub_module...}); {@code rc} is initialised as PyTorch's
 * {@code nn.Linear} from the given {@link Rng}. The wrapped module runs through {@link StepModules#of}; its
 * state starts afresh at every {@link #forward}. Input {@code [T, B, ..., in]} (a time-static input is read at
 * every step), output {@code [T, B, ..., out]}; backward runs through time (through {@code rc} into the
 * previous step's output, and into {@code W} and {@code b}).
 */
public final class LinearRecurrentContainer extends Module {
    /** How the fed-back output joins the input. */
    public enum Connection {
        /** {@code rc(cat(x[t], y[t-1]))}, {@code rc = Linear(in + out, in)} (SpikingJelly). */
        CONCAT,
        /** {@code x[t] + rc(y[t-1])}, {@code rc = Linear(out, in)} (snnTorch's all-to-all recurrence). */
        ADD
    }

    private final Linear rc;
    private final Module subModule;
    private final int inFeatures;
    private final int outFeatures;
    private final Connection connection;

    /** SpikingJelly's form and defaults: CONCAT with a bias. */
    public LinearRecurrentContainer(Module subModule, int inFeatures, int outFeatures, Rng rng) {
        this(subModule, inFeatures, outFeatures, true, Connection.CONCAT, rng);
    }

    public LinearRecurrentContainer(Module subModule, int inFeatures, int outFeatures, boolean bias,
            Connection connection, Rng rng) {
        if (subModule == null || connection == null || rng == null) {
            throw new IllegalArgumentException("LinearRecurrentContainer: the wrapped module, the connection and the"
                    + " Rng must be given");
        }
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("LinearRecurrentContainer: in and out features must be positive, got in="
                    + inFeatures + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.connection = connection;
        int rcIn = connection == Connection.CONCAT ? inFeatures + outFeatures : outFeatures;
        this.rc = registerModule("rc", new Linear(rcIn, inFeatures, bias, rng));
        this.subModule = registerModule("sub_module", subModule);
    }

    /** The recurrent layer. */
    public Linear recurrent() {
        return rc;
    }

    /** The wrapped module. */
    public Module subModule() {
        return subModule;
    }

    public Connection connection() {
        return connection;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        String where = toString();
        if (x.rank() < 3 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException(where + ": expected input [T, B, ..., " + inFeatures + "], got shape "
                    + x.shapeString());
        }
        Tensor[] xs = StepOps.split(x, where);
        if (xs.length == 0) {
            throw new IllegalArgumentException(where + ": the input has no time steps, shape " + x.shapeString());
        }
        int[] yShape = xs[0].shape();
        yShape[yShape.length - 1] = outFeatures;
        Stepper stepper = StepModules.of(subModule);
        List<Tensor> ys = new ArrayList<>(xs.length);
        Tensor y = Tensor.zeros(yShape);
        for (Tensor xt : xs) {
            Tensor in = connection == Connection.CONCAT ? rc.call(StepOps.concatLast(xt, y, where))
                    : Ops.add(xt, rc.call(y));
            y = stepper.step(in);
            if (!java.util.Arrays.equals(y.shape(), yShape)) {
                throw new IllegalArgumentException(where + ": the wrapped module returned shape " + y.shapeString()
                        + " for a step of shape " + in.shapeString() + "; expected " + java.util.Arrays.toString(yShape)
                        + " (out features " + outFeatures + ")");
            }
            ys.add(y);
        }
        return StepOps.stack(ys, where);
    }

    @Override
    public String toString() {
        return "LinearRecurrentContainer(in=" + inFeatures + ", out=" + outFeatures + ", "
                + connection.name().toLowerCase(java.util.Locale.ROOT) + (rc.bias() != null ? ", bias" : "") + ")";
    }
}
