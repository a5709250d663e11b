package org.snn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snn4j.core.tensor.Tensor;

/**
 * Learning rates per epoch against torch.optim.lr_scheduler (PyTorch 1.13), base lr 0.1:
 * <pre>
 * p = [torch.zeros(1, requires_grad=True)]
 * def lrs(sched_fn, n):
 *     opt = torch.optim.SGD(p, lr=0.1); s = sched_fn(opt); out = []
 *     for e in range(n):
 *         out.append(opt.param_groups[0]["lr"]); opt.step(); s.step()
 *     return out
 * lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)
 * lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 11)
 * lrs(lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4), 7)
 * </pre>
 */
class LrScheduleTest {
    private static final double[] STEP = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    private static final double[] COSINE = {0.1, 0.09140576474687263, 0.06890576474687263, 0.04109423525312736,
        0.018594235253127367, 0.01, 0.018594235253127367, 0.04109423525312739, 0.06890576474687267,
        0.09140576474687269, 0.10000000000000006};
    private static final double[] LINEAR = {0.025, 0.043750000000000004, 0.06250000000000001, 0.08125000000000002,
        0.10000000000000002, 0.10000000000000002, 0.10000000000000002};

    private static void assertLrs(double[] expected, LrSchedule s) {
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.lr(0.1, e), 1e-9, "epoch " + e);
        }
    }

    @Test
    void matchesTorchSchedulers() {
        assertLrs(STEP, LrSchedule.step(3, 0.5));
        assertLrs(COSINE, LrSchedule.cosine(5, 0.01));
        assertLrs(LINEAR, LrSchedule.warmup(4, 0.25, null));
    }

    @Test
    void parseAndChain() {
        assertLrs(STEP, LrSchedule.parse("step:step_size=3,gamma=0.5"));
        assertLrs(COSINE, LrSchedule.parse("cosine:t_max=5,eta_min=0.01"));
        assertLrs(LINEAR, LrSchedule.parse("warmup:epochs=4,start_factor=0.25"));
        LrSchedule w = LrSchedule.parse("warmup:epochs=2,then=cosine,t_max=5,eta_min=0.01");
        // warm-up 0.1 * (0.5 + 0.5 * e / 2): 0.05, 0.075; then cosine from its epoch 0
        assertEquals(0.05, w.lr(0.1, 0), 1e-12);
        assertEquals(0.075, w.lr(0.1, 1), 1e-12);
        for (int e = 0; e < 6; e++) {
            assertEquals(COSINE[e], w.lr(0.1, e + 2), 1e-9);
        }
        assertEquals(0.1, LrSchedule.parse("constant").lr(0.1, 50));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("step"));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("cosine:t_max=5,gama=2"));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("exp"));
    }

    @Test
    void applySetsTheOptimiserRate() {
        SGD opt = new SGD(Map.of("p", Tensor.zeros(1).requiresGrad(true)), 0.1f);
        assertEquals(0.05f, LrSchedule.step(3, 0.5).apply(opt, 0.1f, 4));
        assertEquals(0.05f, opt.learningRate());
    }
}
