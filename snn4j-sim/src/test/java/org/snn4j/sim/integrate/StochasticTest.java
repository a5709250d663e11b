package org.snn4j.sim.integrate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.snn4j.sim.equations.Equations;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.Statement;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

class StochasticTest {

    /** A seeded generator that also sums the standard normals it hands out (to rebuild the Wiener path). */
    static final class Recording implements RandomGenerator {
        private final RandomGenerator base;
        double sum;
        int count;

        Recording(long seed) { base = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(seed); }

        @Override
        public long nextLong() { return base.nextLong(); }

        @Override
        public double nextGaussian() {
            double z = base.nextGaussian();
            sum += z;
            count++;
            return z;
        }
    }

    static final Namespace OU_NS = Namespace.builder().constant("tau", 10, "ms").constant("sigma", 0.5).build();
    static final Equations OU = Equations.parse("dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1", OU_NS);

    /**
     * Euler–Maruyama on the Ornstein–Uhlenbeck process dv = -v/tau dt + sigma/sqrt(tau) dW: the stationary
     * variance is sigma^2/2. The scheme's own stationary variance is sigma^2/(2 - dt/tau) (2.6 % above for
     * dt/tau = 0.05). The sample variance over N = 200000 steps of the AR(1) chain with rho = 1 - dt/tau has
     * a relative standard error of sqrt(2 (1 + rho^2)/(N (1 - rho^2))) = 1.4 %; we accept 4 standard errors.
     */
    @Test
    void eulerMaruyamaReproducesTheOrnsteinUhlenbeckVariance() {
        Equations eqs = OU.resolveConstants(OU_NS);
        double tau = 0.010, sigma = 0.5, dt = 0.5e-3, a = dt / tau, rho = 1 - a;
        List<Statement> code = StateUpdaters.byName("euler").update(eqs, OU_NS, dt);
        assertEquals("_xi_xi = dt**0.5*randn()", code.get(0).toString());
        RandomGenerator rng = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        int n = 200_000;
        Simulation sim = new Simulation(code, OU_NS, rng, dt, Map.of("v", sigma / Math.sqrt(2) * rng.nextGaussian()));
        double sum = 0, sum2 = 0;
        for (int k = 0; k < n; k++) {
            sim.step();
            double v = sim.get("v");
            sum += v;
            sum2 += v * v;
        }
        double mean = sum / n, var = sum2 / n - mean * mean;
        double discrete = sigma * sigma / (2 - a);
        double se = Math.sqrt(2 * (1 + rho * rho) / (n * (1 - rho * rho)));
        System.out.printf("OU stationary variance: %.5f (continuous %.5f, Euler-Maruyama %.5f, rel. s.e. %.3f)%n",
                var, sigma * sigma / 2, discrete, se);
        assertEquals(discrete, var, 4 * se * discrete);
        assertEquals(sigma * sigma / 2, var, (4 * se + a) * sigma * sigma / 2);
        assertEquals(0, mean, 0.05);
    }

    /** Mean absolute error at T = 1 s over 200 paths against {@code exact(W(T))}, for 16 to 128 steps. */
    static double strongOrder(String method, Equations eqs, Namespace ns, double x0, DoubleUnaryOperator exact) {
        int[] steps = {16, 32, 64, 128};
        double[] dts = new double[steps.length], errs = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            double dt = 1.0 / steps[k];
            List<Statement> code = StateUpdaters.byName(method).update(eqs, ns, dt);
            Recording rng = new Recording(7 + k);
            double err = 0;
            int paths = 200;
            for (int p = 0; p < paths; p++) {
                rng.sum = 0;
                Simulation sim = new Simulation(code, ns, rng, dt, Map.of("X", x0)).run(steps[k]);
                err += Math.abs(sim.get("X") - exact.applyAsDouble(Math.sqrt(dt) * rng.sum));
            }
            dts[k] = dt;
            errs[k] = err / paths;
        }
        double order = Simulation.order(dts, errs);
        System.out.printf("strong order of %s on %s: %.3f (errors %.2e .. %.2e)%n", method, eqs.toString().strip(),
                order, errs[0], errs[errs.length - 1]);
        return order;
    }

    /**
     * Stratonovich equations with closed forms in terms of the Wiener path W: geometric Brownian motion
     * dX = mu X dt + s X o dW, X(T) = X0 exp(mu T + s W(T)); and dX = (a dt + s o dW) sqrt(1 + X^2)
     * (g'' not zero), X(T) = sinh(asinh(X0) + a T + s W(T)). heun and milstein have strong order 1 for
     * scalar noise: the mean absolute error at T falls as dt.
     */
    @Test
    void heunAndMilsteinHaveStrongOrderOneForMultiplicativeNoise() {
        Namespace ns = Namespace.builder().constant("mu", 0.5, "Hz").constant("a", 0.7, "Hz")
                .constant("s", new Quantity(0.8, Dimension.TIME.pow(-0.5))).build();
        Equations gbm = Equations.parse("dX/dt = mu*X + s*X*xi : 1", ns).resolveConstants(ns);
        Equations sinh = Equations.parse("dX/dt = a*sqrt(1 + X**2) + s*sqrt(1 + X**2)*xi : 1", ns).resolveConstants(ns);
        assertTrue(StateUpdaters.byName("euler").cannotIntegrate(gbm, ns).isPresent());
        for (String method : List.of("heun", "milstein")) {
            assertEquals(1, strongOrder(method, gbm, ns, 1.0, w -> Math.exp(0.5 + 0.8 * w)), 0.2, method + " on GBM");
            double x0 = 0.3;
            assertEquals(1, strongOrder(method, sinh, ns, x0, w -> Math.sinh(asinh(x0) + 0.7 + 0.8 * w)), 0.2,
                    method + " on the sinh model");
        }
    }

    private static double asinh(double x) { return Math.log(x + Math.sqrt(x * x + 1)); }

    @Test
    void milsteinReducesToEulerMaruyamaForAdditiveNoise() {
        assertEquals(StateUpdaters.byName("euler").update(OU, OU_NS), StateUpdaters.byName("milstein").update(OU, OU_NS));
    }

    @Test
    void eachNoiseSymbolIsDrawnOncePerStep() {
        Equations eqs = Equations.parse("""
                dv/dt = -v/tau + sigma*xi_a*tau**-0.5 : 1
                dw/dt = -w/tau + sigma*xi_a*tau**-0.5 + sigma*xi_b*tau**-0.5 : 1
                """, OU_NS);
        for (String m : List.of("euler", "heun")) {
            List<Statement> code = StateUpdaters.byName(m).update(eqs, OU_NS, 1e-4);
            assertEquals("_xi_xi_a = dt**0.5*randn()", code.get(0).toString());
            assertEquals("_xi_xi_b = dt**0.5*randn()", code.get(1).toString());
            assertEquals(2, code.stream().filter(s -> s.toString().contains("randn")).count(), m);
            Recording rng = new Recording(1);
            new Simulation(code, OU_NS, rng, 1e-4, Map.of("v", 0.0, "w", 0.0)).run(10);
            assertEquals(20, rng.count, m);
        }
        // two noise symbols in one equation is not diagonal noise
        assertEquals("'dw/dt = -w/tau + sigma*xi_a*tau**-0.5 + sigma*xi_b*tau**-0.5 : 1': the equation has several "
                + "noise symbols (xi_a, xi_b), and milstein handles diagonal noise only (one noise symbol per equation; "
                + "use heun)", StateUpdaters.byName("milstein").cannotIntegrate(eqs, OU_NS).orElseThrow());
    }
}
