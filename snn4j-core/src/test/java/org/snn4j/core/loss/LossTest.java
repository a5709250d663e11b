package org.snn4j.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.snn4j.core.autograd.GradCheck;
import org.snn4j.core.tensor.Tensor;
import org.snn4j.core.util.Rng;

/**
 * Loss values and input gradients against PyTorch 1.13 re-statements of snnTorch's
 * {@code functional} losses (snnTorch itself not installed; formulas as in its loss.py):
 * <pre>
 * import torch, torch.nn.functional as F
 * x = torch.tensor([0.5, -1.0, 2.0, 0.0,  1.5, 0.25, -0.5, 1.0,
 *                   -0.2, 0.8, 1.1, 0.3,  0.0, 2.5, 0.7, -1.2,
 *                   1.0, 0.0, 0.4, 0.9,  0.6, -0.3, 0.2, 1.8]).reshape(3, 2, 4)
 * y = torch.tensor([2, 1]); T = 3; oh = F.one_hot(y, 4).float()
 * losses = {
 *  "ce_rate": lambda x: sum(F.cross_entropy(x[t], y) for t in range(T)) / T,
 *  "ce_count": lambda x: F.cross_entropy(x.sum(0), y),
 *  "ce_max_membrane": lambda x: F.cross_entropy(x.max(0)[0], y),
 *  "ce_membrane": lambda x: sum(F.cross_entropy(x[t], y) for t in range(T)),
 *  "mse_count": lambda x: F.mse_loss(x.sum(0), oh * int(T * 0.8) + (1 - oh) * int(T * 0.2)) / T,
 *  "mse_membrane": lambda x: sum(F.mse_loss(x[t], oh) for t in range(T)) / T,
 *  "mse_rate": lambda x: F.mse_loss(x.mean(0), oh),
 * }
 * for k, f in losses.items():
 *     xx = x.clone().requires_grad_(True); l = f(xx); l.backward()
 *     print(k, l.item(), xx.grad.flatten().tolist())
 * </pre>
 */
class LossTest {
    private static final float[] X = {0.5f, -1.0f, 2.0f, 0.0f, 1.5f, 0.25f, -0.5f, 1.0f,
        -0.2f, 0.8f, 1.1f, 0.3f, 0.0f, 2.5f, 0.7f, -1.2f,
        1.0f, 0.0f, 0.4f, 0.9f, 0.6f, -0.3f, 0.2f, 1.8f};
    private static final int[] Y = {2, 1};
    private static final double CE_RATE_VALUE = 1.277438521e+00;
    private static final float[] CE_RATE_GRAD = {2.640745044e-02f, 5.892299116e-03f, -4.831668735e-02f, 1.601693034e-02f, 8.216775209e-02f, -1.431252211e-01f, 1.112019550e-02f, 4.983725771e-02f, 1.844412647e-02f, 5.013633519e-02f, -9.898969531e-02f, 3.040922247e-02f, 1.075446419e-02f, -3.565048426e-02f, 2.165683173e-02f, 3.239181824e-03f, 5.906964093e-02f, 2.173050866e-02f, -1.342485696e-01f, 5.344842002e-02f, 3.088131920e-02f, -1.541112661e-01f, 2.070036530e-02f, 1.025295779e-01f};
    private static final double CE_COUNT_VALUE = 5.137210488e-01;
    private static final float[] CE_COUNT_GRAD = {4.483105987e-02f, 1.000316162e-02f, -9.539902210e-02f, 4.056482390e-02f, 1.558466703e-01f, -2.788430154e-01f, 2.847061679e-02f, 9.452578425e-02f, 4.483105987e-02f, 1.000316162e-02f, -9.539902210e-02f, 4.056482390e-02f, 1.558466703e-01f, -2.788430154e-01f, 2.847061679e-02f, 9.452578425e-02f, 4.483105987e-02f, 1.000316162e-02f, -9.539902210e-02f, 4.056482390e-02f, 1.558466703e-01f, -2.788430154e-01f, 2.847061679e-02f, 9.452578425e-02f};
    private static final double CE_MAX_MEMBRANE_VALUE = 7.010191679e-01;
    private static final float[] CE_MAX_MEMBRANE_GRAD = {0.000000000e+00f, 0.000000000e+00f, -2.502428293e-01f, 0.000000000e+00f, 9.062124789e-02f, 0.000000000e+00f, 0.000000000e+00f, 0.000000000e+00f, 0.000000000e+00f, 7.522541285e-02f, 0.000000000e+00f, 0.000000000e+00f, 0.000000000e+00f, -2.536658943e-01f, 4.071875662e-02f, 0.000000000e+00f, 9.188053012e-02f, 0.000000000e+00f, 0.000000000e+00f, 8.313693851e-02f, 0.000000000e+00f, 0.000000000e+00f, 0.000000000e+00f, 1.223258898e-01f};
    private static final double CE_MEMBRANE_VALUE = 3.832315445e+00;
    private static final float[] CE_MEMBRANE_GRAD = {7.922235131e-02f, 1.767689735e-02f, -1.449500620e-01f, 4.805079103e-02f, 2.465032488e-01f, -4.293756485e-01f, 3.336058557e-02f, 1.495117694e-01f, 5.533237755e-02f, 1.504089981e-01f, -2.969690561e-01f, 9.122766554e-02f, 3.226339072e-02f, -1.069514453e-01f, 6.497049332e-02f, 9.717545472e-03f, 1.772089154e-01f, 6.519152224e-02f, -4.027456939e-01f, 1.603452563e-01f, 9.264395386e-02f, -4.623337984e-01f, 6.210109219e-02f, 3.075887263e-01f};
    private static final double MSE_COUNT_VALUE = 5.313541293e-01;
    private static final float[] MSE_COUNT_GRAD = {1.083333343e-01f, -1.666666567e-02f, 1.250000000e-01f, 1.000000089e-01f, 1.749999970e-01f, 3.750000522e-02f, 3.333333135e-02f, 1.333333254e-01f, 1.083333343e-01f, -1.666666567e-02f, 1.250000000e-01f, 1.000000089e-01f, 1.749999970e-01f, 3.750000522e-02f, 3.333333135e-02f, 1.333333254e-01f, 1.083333343e-01f, -1.666666567e-02f, 1.250000000e-01f, 1.000000089e-01f, 1.749999970e-01f, 3.750000522e-02f, 3.333333135e-02f, 1.333333254e-01f};
    private static final double MSE_MEMBRANE_VALUE = 7.821874619e-01;
    private static final float[] MSE_MEMBRANE_GRAD = {4.166666791e-02f, -8.333333582e-02f, 8.333333582e-02f, 0.000000000e+00f, 1.250000000e-01f, -6.250000000e-02f, -4.166666791e-02f, 8.333333582e-02f, -1.666666754e-02f, 6.666667014e-02f, 8.333335631e-03f, 2.500000224e-02f, 0.000000000e+00f, 1.250000000e-01f, 5.833333358e-02f, -1.000000089e-01f, 8.333333582e-02f, 0.000000000e+00f, -5.000000447e-02f, 7.500000298e-02f, 5.000000447e-02f, -1.083333343e-01f, 1.666666754e-02f, 1.500000060e-01f};
    private static final double MSE_RATE_VALUE = 1.507291645e-01;
    private static final float[] MSE_RATE_GRAD = {3.611110896e-02f, -5.555555224e-03f, 1.388888527e-02f, 3.333333507e-02f, 5.833333358e-02f, -1.527777780e-02f, 1.111111045e-02f, 4.444444180e-02f, 3.611110896e-02f, -5.555555224e-03f, 1.388888527e-02f, 3.333333507e-02f, 5.833333358e-02f, -1.527777780e-02f, 1.111111045e-02f, 4.444444180e-02f, 3.611110896e-02f, -5.555555224e-03f, 1.388888527e-02f, 3.333333507e-02f, 5.833333358e-02f, -1.527777780e-02f, 1.111111045e-02f, 4.444444180e-02f};

    private static void assertMatches(Loss loss, double value, float[] grad) {
        Tensor x = Tensor.of(X.clone(), 3, 2, 4).requiresGrad(true);
        Tensor l = loss.compute(x, Y);
        assertEquals(0, l.rank());
        assertEquals(value, l.item(), 1e-6 * Math.max(1, Math.abs(value)), loss.name());
        l.backward();
        assertArrayEquals(grad, x.grad().data(), 1e-6f, loss.name());
    }

    @Test
    void valuesAndGradientsMatchTorch() {
        assertMatches(new CeRateLoss(), CE_RATE_VALUE, CE_RATE_GRAD);
        assertMatches(new CeCountLoss(), CE_COUNT_VALUE, CE_COUNT_GRAD);
        assertMatches(new CeMaxMembraneLoss(), CE_MAX_MEMBRANE_VALUE, CE_MAX_MEMBRANE_GRAD);
        assertMatches(new CeMembraneLoss(), CE_MEMBRANE_VALUE, CE_MEMBRANE_GRAD);
        assertMatches(new MseCountLoss(0.8, 0.2), MSE_COUNT_VALUE, MSE_COUNT_GRAD);
        assertMatches(new MseMembraneLoss(), MSE_MEMBRANE_VALUE, MSE_MEMBRANE_GRAD);
        assertMatches(new MseRateLoss(), MSE_RATE_VALUE, MSE_RATE_GRAD);
    }

    @Test
    void mseRateByHand() {
        // T=2, B=1, C=2, label 0: spikes [[1,0],[1,1]] -> rates [1, 0.5]; target [1, 0]
        // loss = ((1-1)^2 + (0.5-0)^2) / 2 = 0.125; d/ds[t,c] = 2 (rate - target) / (B*C) / T
        Tensor s = Tensor.of(new float[] {1, 0, 1, 1}, 2, 1, 2).requiresGrad(true);
        Tensor l = new MseRateLoss().compute(s, new int[] {0});
        assertEquals(0.125f, l.item(), 1e-7f);
        l.backward();
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.25f}, s.grad().data(), 1e-7f);
    }

    @Test
    void ceCountByHand() {
        // counts [2, 0] for label 0: -log(e^2 / (e^2 + 1)) = log(1 + e^-2)
        Tensor s = Tensor.of(new float[] {1, 0, 1, 0}, 2, 1, 2);
        assertEquals(Math.log1p(Math.exp(-2)), new CeCountLoss().compute(s, new int[] {0}).item(), 1e-7);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(11);
        float[] x = new float[4 * 3 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        int[] y = {4, 0, 2};
        for (Loss loss : new Loss[] {new CeRateLoss(), new CeCountLoss(), new CeMaxMembraneLoss(), new CeMembraneLoss(),
            new MseCountLoss(0.9, 0.1), new MseMembraneLoss(0.8f, -0.1f), new MseRateLoss()}) {
            Tensor in = Tensor.of(x.clone(), 4, 3, 5).requiresGrad(true);
            GradCheck.Result r = GradCheck.check(a -> loss.compute(a[0], y), new Tensor[] {in}, 1e-3, 2e-3, 1e-2);
            assertTrue(r.passed(), loss.name() + ": " + r);
        }
    }

    @Test
    void timeStaticOutputGivesMaterializedResults() {
        float[] step = {0.3f, -0.7f, 1.2f, 0.1f, 0.9f, -0.4f};
        int[] y = {1, 2};
        for (Loss loss : new Loss[] {new CeRateLoss(), new CeCountLoss(), new CeMaxMembraneLoss(), new CeMembraneLoss(),
            new MseCountLoss(), new MseMembraneLoss(), new MseRateLoss()}) {
            Tensor leaf = Tensor.of(step.clone(), 2, 3).requiresGrad(true);
            Tensor stat = Tensor.repeatTime(leaf, 4);
            Tensor ls = loss.compute(stat, y);
            ls.backward();
            Tensor leaf2 = Tensor.of(step.clone(), 2, 3).requiresGrad(true);
            Tensor full = Tensor.repeatTime(leaf2, 4).materialize();
            Tensor lf = loss.compute(full, y);
            lf.backward();
            assertEquals(lf.item(), ls.item(), 1e-6f, loss.name());
            assertArrayEquals(leaf2.grad().data(), leaf.grad().data(), 1e-6f, loss.name());
        }
    }

    @Test
    void parseNamesAndOptions() {
        assertTrue(Loss.parse("ce_rate") instanceof CeRateLoss);
        assertTrue(Loss.parse("ce_count_loss") instanceof CeCountLoss);
        assertTrue(Loss.parse("ce_max_membrane") instanceof CeMaxMembraneLoss);
        assertTrue(Loss.parse("ce_membrane") instanceof CeMembraneLoss);
        assertTrue(Loss.parse("mse_rate") instanceof MseRateLoss);
        assertTrue(Loss.parse("mse_membrane:on_target=2,off_target=-1") instanceof MseMembraneLoss);
        MseCountLoss m = (MseCountLoss) Loss.parse("mse_count:correct_rate=0.8,incorrect_rate=0.2");
        assertEquals(0.8, m.correctRate());
        assertEquals(0.2, m.incorrectRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("mse_count:rate=1"));
        assertTrue(e.getMessage().contains("rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
    }

    @Test
    void errorsNameShapes() {
        Tensor x = Tensor.zeros(3, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CeRateLoss().compute(x, new int[] {1}));
        assertTrue(e.getMessage().contains("[3, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MseRateLoss().compute(x, new int[] {1, 4}));
        assertTrue(e.getMessage().contains("labels[1] = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CeCountLoss().compute(Tensor.zeros(2, 4), new int[] {0, 1}));
    }
}
