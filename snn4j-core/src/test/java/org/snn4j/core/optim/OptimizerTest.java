package org.snn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Parameter trajectories against torch.optim (PyTorch 1.13, float32). Reference script:
 * <pre>
 * import torch
 * def traj(make, steps=5):
 *     p = torch.tensor([0.5, -1.5, 2.0, 0.25], dtype=torch.float32, requires_grad=True)
 *     opt = make([p]); out = []
 *     for k in range(steps):
 *         opt.zero_grad()
 *         loss = (p ** 3).sum() * 0.1 + (p * torch.tensor([1.0, -2.0, 0.5, 3.0])).sum()
 *         loss.backward(); opt.step(); out.append(p.detach().clone())
 *     return torch.stack(out)
 * cases = {
 *  "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
 *  "sgd_momentum_damp_wd": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
 *  "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001),
 *  "adam": lambda ps: torch.optim.Adam(ps, lr=0.01),
 *  "adam_wd_amsgrad": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True),
 *  "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01),
 *  "adamw_amsgrad": lambda ps: torch.optim.AdamW(ps, lr=0.02, weight_decay=0.05, amsgrad=True),
 * }
 * for name, make in cases.items():
 *     print(name, ", ".join("%.9ef" % v for v in traj(make).flatten().tolist()))
 * </pre>
 */
class OptimizerTest {
    private static final float[] C = {1f, -2f, 0.5f, 3f};
    private static final float[] SGD = {3.924999833e-01f, -1.367499948e+00f, 1.830000043e+00f, -5.187499896e-02f, 2.878783047e-01f, -1.223601580e+00f, 1.679533005e+00f, -3.519557416e-01f, 1.853920817e-01f, -1.068517566e+00f, 1.544908047e+00f, -6.556719542e-01f, 8.436096460e-02f, -9.027694464e-01f, 1.423305869e+00f, -9.685691595e-01f, -1.585254073e-02f, -7.272192240e-01f, 1.312531829e+00f, -1.296712995e+00f};
    private static final float[] SGD_MOMENTUM_DAMP_WD = {4.460000098e-01f, -1.432999969e+00f, 1.914000034e+00f, 9.893749654e-02f, 3.495139480e-01f, -1.309777260e+00f, 1.763782859e+00f, -1.721954346e-01f, 2.158700526e-01f, -1.131446838e+00f, 1.563296199e+00f, -5.515378714e-01f, 4.986431822e-02f, -8.977226615e-01f, 1.326662064e+00f, -1.031804442e+00f, -1.445968449e-01f, -6.078466773e-01f, 1.066833973e+00f, -1.612952471e+00f};
    private static final float[] SGD_NESTEROV = {3.978275061e-01f, -1.373982549e+00f, 1.838310003e+00f, -3.680501506e-02f, 2.547213733e-01f, -1.183931828e+00f, 1.625391960e+00f, -4.441095889e-01f, 7.620699704e-02f, -9.272981882e-01f, 1.379021525e+00f, -9.662460685e-01f, -1.337413043e-01f, -6.018768549e-01f, 1.113697529e+00f, -1.610042930e+00f, -3.731099963e-01f, -2.076980770e-01f, 8.401859403e-01f, -2.400625467e+00f};
    private static final float[] ADAM = {4.900000095e-01f, -1.490000010e+00f, 1.990000010e+00f, 2.399999946e-01f, 4.800007343e-01f, -1.479998350e+00f, 1.980001926e+00f, 2.300001234e-01f, 4.700026512e-01f, -1.469993830e+00f, 1.970007062e+00f, 2.200004607e-01f, 4.600062370e-01f, -1.459985495e+00f, 1.960016608e+00f, 2.100010663e-01f, 4.500119090e-01f, -1.449972153e+00f, 1.950031877e+00f, 2.000020146e-01f};
    private static final float[] ADAM_WD_AMSGRAD = {4.900000095e-01f, -1.490000010e+00f, 1.990000010e+00f, 2.399999946e-01f, 4.800018966e-01f, -1.479997158e+00f, 1.980003715e+00f, 2.300004214e-01f, 4.700068831e-01f, -1.469989777e+00f, 1.970013499e+00f, 2.200015485e-01f, 4.600161314e-01f, -1.459975958e+00f, 1.960031748e+00f, 2.100036293e-01f, 4.500307143e-01f, -1.449954271e+00f, 1.950060844e+00f, 2.000069022e-01f};
    private static final float[] ADAMW = {4.899500012e-01f, -1.489850044e+00f, 1.989799976e+00f, 2.399749905e-01f, 4.799017310e-01f, -1.479699254e+00f, 1.979602933e+00f, 2.299511135e-01f, 4.698556662e-01f, -1.469546795e+00f, 1.969410062e+00f, 2.199284583e-01f, 4.598122537e-01f, -1.459391356e+00f, 1.959222794e+00f, 2.099070698e-01f, 4.497719705e-01f, -1.449231982e+00f, 1.949042320e+00f, 1.998870224e-01f};
    private static final float[] ADAMW_AMSGRAD = {4.794999957e-01f, -1.478500009e+00f, 1.978000045e+00f, 2.297500074e-01f, 4.590235054e-01f, -1.457014561e+00f, 1.956030846e+00f, 2.095207721e-01f, 4.385723472e-01f, -1.435539246e+00f, 1.934098125e+00f, 1.893125325e-01f, 4.181481898e-01f, -1.414069772e+00f, 1.912207723e+00f, 1.691255271e-01f, 3.977525830e-01f, -1.392602324e+00f, 1.890365243e+00f, 1.489599049e-01f};

    private static Tensor param() {
        return Tensor.of(new float[] {0.5f, -1.5f, 2.0f, 0.25f}, 4).requiresGrad(true).setName("p");
    }

    /** d/dp of 0.1 * sum(p^3) + sum(p * C), computed as torch's autograd does. */
    private static void setGrad(Tensor p) {
        float[] w = p.data();
        float[] g = new float[4];
        for (int i = 0; i < 4; i++) {
            g[i] = 0.1f * (3f * (w[i] * w[i])) + C[i];
        }
        p.setGrad(Tensor.of(g, 4));
    }

    private static void assertTrajectory(float[] expected, Function<Map<String, Tensor>, Optimizer> make) {
        Tensor p = param();
        Optimizer opt = make.apply(Map.of("p", p));
        for (int k = 0; k < 5; k++) {
            opt.zeroGrad();
            setGrad(p);
            opt.step();
            for (int i = 0; i < 4; i++) {
                float e = expected[k * 4 + i];
                assertEquals(e, p.data()[i], 1e-6f * Math.max(1f, Math.abs(e)), "step " + (k + 1) + " element " + i);
            }
        }
    }

    @Test
    void sgdMatchesTorch() {
        assertTrajectory(SGD, ps -> new SGD(ps, 0.1f));
        assertTrajectory(SGD_MOMENTUM_DAMP_WD, ps -> new SGD(ps, 0.05f, 0.9, 0.1, false, 0.01));
        assertTrajectory(SGD_NESTEROV, ps -> new SGD(ps, 0.05f, 0.9, 0, true, 0.001));
    }

    @Test
    void adamMatchesTorch() {
        assertTrajectory(ADAM, ps -> new Adam(ps, 0.01f));
        assertTrajectory(ADAM_WD_AMSGRAD, ps -> new Adam(ps, 0.01f, 0.8, 0.99, 1e-6, 0.1, true));
    }

    @Test
    void adamWMatchesTorch() {
        assertTrajectory(ADAMW, ps -> new AdamW(ps, 0.01f));
        assertTrajectory(ADAMW_AMSGRAD, ps -> new AdamW(ps, 0.02f, 0.9, 0.999, 1e-8, 0.05, true));
    }

    @Test
    void firstSgdStepByHand() {
        // p0 = 0.5, g = 0.1*3*0.25 + 1 = 1.075; p1 = 0.5 - 0.1*1.075 = 0.3925
        Tensor p = param();
        SGD opt = new SGD(Map.of("p", p), 0.1f);
        setGrad(p);
        opt.step();
        assertEquals(0.3925f, p.data()[0], 1e-7f);
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor p = param();
        Tensor q = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Adam opt = new Adam(new LinkedHashMap<>(Map.of("p", p, "q", q)), 0.1f);
        setGrad(p);
        opt.step();
        assertArrayEquals(new float[] {1f, 2f}, q.data());
        assertTrue(!opt.state().scalars().containsKey("step/q"));
        assertEquals(1.0, opt.state().scalars().get("step/p"));
    }

    private static Map<String, Tensor> twoParams(long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> ps = new LinkedHashMap<>();
        for (String n : new String[] {"0.weight", "0.bias"}) {
            float[] w = new float[6];
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.uniform(-1, 1);
            }
            ps.put(n, Tensor.of(w, 2, 3).requiresGrad(true).setName(n));
        }
        return ps;
    }

    /** Gradients that depend on the step and the current parameters. */
    private static void grads(Map<String, Tensor> ps, int step) {
        for (Tensor p : ps.values()) {
            float[] w = p.data();
            float[] g = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                g[i] = (float) Math.sin(w[i] * 3 + step + i) + 0.1f * w[i];
            }
            p.setGrad(Tensor.of(g, p.shape()));
        }
    }

    private static void assertResumeIsBitwiseIdentical(Function<Map<String, Tensor>, Optimizer> make) {
        Map<String, Tensor> a = twoParams(5);
        Optimizer oa = make.apply(a);
        for (int k = 0; k < 10; k++) {
            grads(a, k);
            oa.step();
        }
        Map<String, Tensor> b = twoParams(5);
        Optimizer ob = make.apply(b);
        for (int k = 0; k < 4; k++) {
            grads(b, k);
            ob.step();
        }
        OptimizerState saved = ob.state();
        // keep stepping the old optimiser: the saved state must not change
        grads(b, 99);
        ob.step();
        Map<String, Tensor> c = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : twoParams(5).entrySet()) {
            c.put(e.getKey(), Tensor.of(e.getValue().data(), e.getValue().shape()).requiresGrad(true));
        }
        // parameters at step 4, as a checkpoint would restore them
        Map<String, Tensor> ref = twoParams(5);
        Optimizer or = make.apply(ref);
        for (int k = 0; k < 4; k++) {
            grads(ref, k);
            or.step();
        }
        for (String n : c.keySet()) {
            System.arraycopy(ref.get(n).data(), 0, c.get(n).data(), 0, 6);
        }
        Optimizer oc = make.apply(c);
        oc.loadState(new OptimizerState(saved.type(), Map.copyOf(saved.scalars()), Map.copyOf(saved.tensors())));
        for (int k = 4; k < 10; k++) {
            grads(c, k);
            oc.step();
        }
        for (String n : a.keySet()) {
            assertArrayEquals(a.get(n).data(), c.get(n).data(), 0f, n);
        }
    }

    @Test
    void stateRoundTripResumesBitwise() {
        assertResumeIsBitwiseIdentical(ps -> new SGD(ps, 0.05f, 0.9, 0, true, 0.01));
        assertResumeIsBitwiseIdentical(ps -> new Adam(ps, 0.01f, 0.9, 0.999, 1e-8, 0.01, true));
        assertResumeIsBitwiseIdentical(ps -> new AdamW(ps, 0.01f));
    }

    @Test
    void stateCarriesLearningRateAndRejectsOtherTypes() {
        Map<String, Tensor> ps = twoParams(1);
        Adam a = new Adam(ps, 0.01f);
        a.setLearningRate(0.005f);
        grads(ps, 0);
        a.step();
        OptimizerState s = a.state();
        assertEquals("adam", s.type());
        assertEquals(0.005f, (float) (double) s.scalars().get("lr"));
        Adam b = new Adam(ps, 0.1f);
        b.loadState(s);
        assertEquals(0.005f, b.learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdamW(ps).loadState(s));
        assertTrue(e.getMessage().contains("'adam'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0.1f, 0, 0.5, true, 0));
    }

    @Test
    void parseBuildsConfiguredOptimisers() {
        Map<String, Tensor> ps = twoParams(1);
        Optimizer o = Optimizers.parse("sgd:lr=0.1,momentum=0.9,nesterov", ps, 0f);
        assertTrue(o instanceof SGD);
        assertEquals(0.9, o.state().scalars().get("momentum"));
        assertEquals(1.0, o.state().scalars().get("nesterov"));
        Optimizer w = Optimizers.parse("adamw", ps, 0f);
        assertEquals("adamw", w.state().type());
        assertEquals(1e-2, w.state().scalars().get("weight_decay"));
        assertEquals(1e-3f, w.learningRate());
        assertEquals(0.5f, Optimizers.parse("adam", ps, 0.5f).learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parse("adam:beta=0.9", ps, 0f));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.parse("sgd", ps, 0f));
    }
}
