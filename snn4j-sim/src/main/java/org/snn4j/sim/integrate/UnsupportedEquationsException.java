package org.snn4j.sim.integrate;

/**
 * An integration method was asked to integrate equations it cannot handle (or no method could). The message
 * names the method, the equation and the reason:
 * {@code method 'exact' cannot integrate 'dv/dt = -v**2/tau : 1': not linear in v}.
 */
public class UnsupportedEquationsException extends IllegalArgumentException {
    public UnsupportedEquationsException(String message) {
        super(message);
    }
}
