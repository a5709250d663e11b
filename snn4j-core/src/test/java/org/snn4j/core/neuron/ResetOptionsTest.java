package org.snn4j.core.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.surrogate.Triangle;
import org.snn4j.core.tensor.Tensor;

/**
 * The neuron catalogue's shared options: every model takes any surrogate, each of the three reset mechanisms and
 * detach_reset; and detaching the reset removes exactly the reset path from the gradient, checked on a small hand
 * example per model.
 */
class ResetOptionsTest {
    /** A model with the three shared options. */
    interface Make {
        SpikingNeuron make(String mechanism, boolean detach, Surrogate surrogate);
    }

    private record Model(String name, Make make) {
    }

    /** One of each model; a soft ("subtract") reset keeps V[-1] = 0 for the models whose hard reset starts at vReset. */
    private static List<Model> models() {
        return List.of(
                new Model("IF", (m, d, s) -> IF.builder().resetMechanism(m).detachReset(d).surrogate(s).build()),
                new Model("LIF", (m, d, s) -> LIF.builder().tau(2f).resetMechanism(m).detachReset(d).surrogate(s)
                        .build()),
                new Model("ParametricLIF", (m, d, s) -> ParametricLIF.builder().initTau(2f).resetMechanism(m)
                        .detachReset(d).surrogate(s).build()),
                new Model("Leaky (same step)", (m, d, s) -> Leaky.builder(0.5f).resetDelay(false).resetMechanism(m)
                        .detachReset(d).surrogate(s).build()),
                new Model("QIF", (m, d, s) -> QIF.builder().resetMechanism(m).detachReset(d).surrogate(s).build()),
                new Model("EIF", (m, d, s) -> EIF.builder().resetMechanism(m).detachReset(d).surrogate(s).build()),
                new Model("Izhikevich", (m, d, s) -> Izhikevich.builder().resetMechanism(m).detachReset(d).surrogate(s)
                        .build()),
                new Model("ALIF", (m, d, s) -> ALIF.builder().beta(0.5f).resetMechanism(m).detachReset(d).surrogate(s)
                        .build()),
                new Model("Leaky", (m, d, s) -> Leaky.builder(0.5f).resetMechanism(m).detachReset(d).surrogate(s)
                        .build()),
                new Model("Lapicque", (m, d, s) -> Lapicque.builder().resistance(2f).capacitance(1f).resetMechanism(m)
                        .detachReset(d).surrogate(s).build()),
                new Model("Synaptic", (m, d, s) -> Synaptic.builder(0.5f, 0.5f).resetMechanism(m).detachReset(d)
                        .surrogate(s).build()),
                new Model("RLeaky", (m, d, s) -> RLeaky.builder(0.5f).oneToOne(0.5f).resetMechanism(m).detachReset(d)
                        .surrogate(s).build()),
                new Model("RSynaptic", (m, d, s) -> RSynaptic.builder(0.5f, 0.5f).oneToOne(0.5f).resetMechanism(m)
                        .detachReset(d).surrogate(s).build()),
                new Model("Alpha", (m, d, s) -> Alpha.builder(0.5f, 0.25f).resetMechanism(m).detachReset(d)
                        .surrogate(s).build()));
    }

    @Test
    void everyModelTakesEverySurrogateResetAndDetach() {
        Set<Class<?>> classes = new HashSet<>();
        for (Model md : models()) {
            for (String mech : new String[] {"subtract", "zero", "none"}) {
                for (boolean detach : new boolean[] {false, true}) {
                    for (Surrogate s : new Surrogate[] {new ATan(2f), new FastSigmoid(25f), new Triangle(1f)}) {
                        SpikingNeuron n = md.make().make(mech, detach, s);
                        NeuronConfig c = n.config();
                        ResetMode want = switch (mech) {
                            case "subtract" -> ResetMode.SUBTRACT;
                            case "zero" -> ResetMode.ZERO;
                            default -> ResetMode.NONE;
                        };
                        assertEquals(want, c.resetMode(), md.name());
                        assertEquals(detach, c.detachReset(), md.name());
                        assertSame(s, c.surrogate(), md.name());
                        // and it runs with them
                        n.forward(Tensor.of(new float[] {1.5f, 0.2f, 1.1f}, 3, 1, 1));
                        classes.add(n.getClass());
                    }
                }
            }
        }
        assertEquals(13, classes.size(), "one model of each neuron class: " + classes);
    }

    /** ATan(alpha = 2)'(u) = (alpha/2) / (1 + (pi/2 * alpha * u)^2) = 1 / (1 + (pi*u)^2); at u = 0.25: 0.61846968. */
    private static final float SG = (float) (1.0 / (1.0 + Math.pow(Math.PI * 0.25, 2)));

    /**
     * dL/dx[0] with the reset attached and detached. Threshold 1, "subtract", ATan(2); each input is chosen so that
     * the charge that fires is 1.25 (so the surrogate derivative is SG at u = 0.25). L is the membrane where the
     * reset acts: the same step for SpikingJelly-style models, the next step for snnTorch-style ones.
     * <pre>
     *  same step, L = V[0] = H[0] - S[0] (S detached or not), k = dH[0]/dx[0]:
     *    attached k*(1 - SG), detached k
     *    IF: H = V + x, k = 1, x0 = 1.25                 LIF, PLIF (k = 1/tau = sigmoid(0) = 0.5): x0 = 2.5
     *    Leaky reset_delay=False: H = 0.5 V + x, k = 1   ALIF: H = beta V + x, threshold b0 + betaA*A[0] = 1, k = 1
     *    QIF: H = V + (x + (V - 0)(V - 0.8))/2 with V = 0: k = 0.5, x0 = 2.5
     *    EIF: H = V + (x + 0 - V + exp((V - 0.8)/1))/2: k = 0.5, x0 = 2.5 - exp(-0.8)
     *    Izhikevich: H = V + (x + (V + 0.1)(V - 0.8) - W)/2 with V = W = 0: k = 0.5, x0 = 2.5 + 0.08
     *  next step, L = U[1], R[1] = S[0], dS[0]/dx[0] = SG * dU[0]/dx[0]:
     *    Leaky 0.5:  U1 = 0.5 U0 + x1 - R1;   U0 = x0 = 1.25         attached 0.5 - SG,        detached 0.5
     *    Lapicque R = 2, C = 1: a = 1 - 1/2, b = 1: as Leaky
     *    Synaptic 0.5, 0.5: I1 = 0.5 I0 + x1, U1 = 0.5 U0 + I1 - R1   attached 1 - SG,          detached 1
     *    RLeaky V = 0.5: U1 = 0.5 U0 + x1 + 0.5 S0 - R1 (the fed-back spike is never detached)
     *                                                               attached 0.5 + 0.5 SG - SG, detached 0.5 + 0.5 SG
     *    RSynaptic V = 0.5: I1 = 0.5 I0 + x1 + 0.5 S0               attached 1 + 0.5 SG - SG,   detached 1 + 0.5 SG
     *  Alpha(0.5, 0.25): tau_a = ln 0.5/(ln 0.25 - ln 0.5) + 1 = 2; U0 = 2(x0 - x0) = 0, so it fires at t1 and
     *    resets at t2 (T = 3, x = 2.5, 0, 0, L = U[2]): E1 = 0.5 x0, I1 = -0.25 x0, U1 = 2(E1 + I1) = 0.5 x0 = 1.25;
     *    U2 = 2(0.5 E1 + 0.25 I1) + R2*I1 ("subtract" as snnTorch) = 0.375 x0 + R2 (-0.25 x0):
     *    detached 0.375 - 0.25 = 0.125; attached adds dU2/dR2 * dR2/dx0 = I1 * SG * 0.5 = -0.3125 SG
     * </pre>
     */
    @Test
    void detachingTheResetRemovesTheResetPathByHand() {
        record Expect(float[] x, int lossStep, int spikeStep, float attached, float detached) {
        }
        float e08 = (float) Math.exp(-0.8);
        Expect[] expect = {
            new Expect(new float[] {1.25f, 0f}, 0, 0, 1f - SG, 1f), // IF
            new Expect(new float[] {2.5f, 0f}, 0, 0, 0.5f * (1f - SG), 0.5f), // LIF
            new Expect(new float[] {2.5f, 0f}, 0, 0, 0.5f * (1f - SG), 0.5f), // PLIF
            new Expect(new float[] {1.25f, 0f}, 0, 0, 1f - SG, 1f), // Leaky, same step
            new Expect(new float[] {2.5f, 0f}, 0, 0, 0.5f * (1f - SG), 0.5f), // QIF
            new Expect(new float[] {2.5f - e08, 0f}, 0, 0, 0.5f * (1f - SG), 0.5f), // EIF
            new Expect(new float[] {2.58f, 0f}, 0, 0, 0.5f * (1f - SG), 0.5f), // Izhikevich
            new Expect(new float[] {1.25f, 0f}, 0, 0, 1f - SG, 1f), // ALIF
            new Expect(new float[] {1.25f, 0f}, 1, 0, 0.5f - SG, 0.5f), // Leaky
            new Expect(new float[] {1.25f, 0f}, 1, 0, 0.5f - SG, 0.5f), // Lapicque
            new Expect(new float[] {1.25f, 0f}, 1, 0, 1f - SG, 1f), // Synaptic
            new Expect(new float[] {1.25f, 0f}, 1, 0, 0.5f - 0.5f * SG, 0.5f + 0.5f * SG), // RLeaky
            new Expect(new float[] {1.25f, 0f}, 1, 0, 1f - 0.5f * SG, 1f + 0.5f * SG), // RSynaptic
            new Expect(new float[] {2.5f, 0f, 0f}, 2, 1, 0.125f - 0.3125f * SG, 0.125f), // Alpha
        };
        List<Model> models = models();
        assertEquals(models.size(), expect.length);
        for (int k = 0; k < expect.length; k++) {
            Expect e = expect[k];
            float[] g = new float[2];
            for (int d = 0; d < 2; d++) {
                SpikingNeuron n = models.get(k).make().make("subtract", d == 1, new ATan(2f));
                int steps = e.x().length;
                Tensor x = Tensor.of(e.x().clone(), steps, 1, 1).requiresGrad(true);
                SpikingNeuron.Output out = n.forwardWithMembrane(x);
                assertEquals(1f, out.spikes().data()[e.spikeStep()], models.get(k).name() + " fires at t"
                        + e.spikeStep());
                float[] seed = new float[2 * steps];
                seed[steps + e.lossStep()] = 1f; // spikes get no gradient, the membrane at lossStep gets 1
                TestOps.concat(out.spikes(), out.membrane()).backward(Tensor.of(seed, 2 * steps));
                g[d] = x.grad().data()[0];
            }
            String name = models.get(k).name();
            assertEquals(e.attached(), g[0], 2e-6f, name + " dL/dx0 with the reset attached");
            assertEquals(e.detached(), g[1], 2e-6f, name + " dL/dx0 with the reset detached");
            assertTrue(Math.abs(g[0] - g[1]) > 0.15f, name + ": detaching changes the gradient");
        }
    }
}
