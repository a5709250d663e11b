package org.snn4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;

import org.snn4j.core.nn.Steppable.Stepper;
import org.snn4j.core.ops.Ops;
import org.snn4j.core.tensor.Tensor;

/**
 * An element-wise recurrent connection around a module (SpikingJelly's
 * {@code layer.ElementWiseRecurrentContainer}). With {@code x[t]} the container's input, {@code i[t]} the
 * wrapped module's input and {@code y[t]} its output (also the container's output):
 * <pre>
 *   i[t] = f(x[t], y[t-1]),   y[-1] = 0,   y[t] = sub_module(i[t])   (run one step at a time)
 * </pre>
 * {@code f} is element-wise: addition by default ({@code i[t] = x[t] + y[t-1]}), or any function of two
 * tensors of the same shape built from recorded ops (so the gradient flows through it). The wrapped module
 * must keep the shape of its input. It runs through {@link StepModules#of} (a neuron layer, a
 * {@code Sequential} of them and stateless layers, any {@link Steppable}); its state starts afresh at every
 * {@link #forward}, so sequences are independent, as after SpikingJelly's {@code functional.reset_net}.
 *
 * <p>Input {@code [T, B, ...]} (time-major, a time-static input is read at every step), output
 * {@code [T, B, ...]} (binary, byte-backed, when the module returns spikes). Backward runs through time:
 * {@code y[t-1]} is not detached, so the gradient of {@code y[t]} reaches earlier steps through {@code f}
 * (with a neuron layer, through its surrogate). SpikingJelly's code calls its function as {@code f(y, x)};
 * its documentation, followed here, writes {@code f(x[t], y[t-1])}: the same for symmetric functions such as
 * addition and multiplication.
 */
public final class ElementWiseRecurrentContainer extends Module {
    private final Module subModule;
    private final BinaryOperator<Tensor> function;
    private final String functionName;

    /** {@code i[t] = x[t] + y[t-1]}. */
    public ElementWiseRecurrentContainer(Module subModule) {
        this(subModule, "add", null);
    }

    /**
     * {@code i[t] = function(x[t], y[t-1])}; {@code name} describes it ({@link #toString()}). The function gets
     * two {@code [1, B, ...]} tensors of equal shape and must return one of that shape.
     */
    public ElementWiseRecurrentContainer(Module subModule, String name, BinaryOperator<Tensor> function) {
        if (subModule == null) {
            throw new IllegalArgumentException("ElementWiseRecurrentContainer: the wrapped module is null");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ElementWiseRecurrentContainer: give the element-wise function a name");
        }
        this.subModule = registerModule("sub_module", subModule);
        this.function = function;
        this.functionName = name;
    }

    /** The wrapped module. */
    public Module subModule() {
        return subModule;
    }

    @Override
    public Tensor forward(Tensor x) {
        String where = toString();
        Tensor[] xs = StepOps.split(x, where);
        if (xs.length == 0) {
            throw new IllegalArgumentException(where + ": the input has no time steps, shape " + x.shapeString());
        }
        Stepper stepper = StepModules.of(subModule);
        List<Tensor> ys = new ArrayList<>(xs.length);
        Tensor y = null;
        for (Tensor xt : xs) {
            Tensor in;
            if (y == null) {
                in = function == null ? xt : function.apply(xt, Tensor.zeros(xt.shape()));
            } else {
                in = function == null ? Ops.add(xt, y) : function.apply(xt, y);
            }
            if (!Arrays.equals(in.shape(), xt.shape())) {
                throw new IllegalArgumentException(where + ": the function returned shape " + in.shapeString()
                        + " for inputs of shape " + xt.shapeString());
            }
            y = stepper.step(in);
            if (!Arrays.equals(y.shape(), xt.shape())) {
                throw new IllegalArgumentException(where + ": the wrapped module must keep the shape of its input"
                        + " (element-wise recurrence); it returned " + y.shapeString() + " for a step of shape "
                        + xt.shapeString());
            }
            ys.add(y);
        }
        return StepOps.stack(ys, where);
    }

    @Override
    public String toString() {
        return "ElementWiseRecurrentContainer(" + functionName + ")";
    }
}
