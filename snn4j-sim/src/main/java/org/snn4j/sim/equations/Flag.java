package org.snn4j.sim.equations;

import java.util.EnumSet;
import java.util.Set;

/**
 * The flags written in parentheses after an equation's unit, as in Brian2:
 * {@code (unless refractory)} clamps a differential equation during the refractory period;
 * {@code (constant)} parameters never change during a run; {@code (shared)} variables have one value
 * for the whole group; {@code (linked)} parameters refer to another group's variable;
 * {@code (constant over dt)} subexpressions are evaluated once per time step;
 * {@code (event-driven)} and {@code (clock-driven)} synaptic equations are integrated at spikes or at
 * every step; {@code (summed)} synaptic subexpressions are summed into a post- or presynaptic variable.
 */
public enum Flag {
    UNLESS_REFRACTORY("unless refractory", EnumSet.of(EquationKind.DIFFERENTIAL_EQUATION)),
    CONSTANT("constant", EnumSet.of(EquationKind.PARAMETER)),
    SHARED("shared", EnumSet.of(EquationKind.PARAMETER, EquationKind.SUBEXPRESSION)),
    LINKED("linked", EnumSet.of(EquationKind.PARAMETER)),
    CONSTANT_OVER_DT("constant over dt", EnumSet.of(EquationKind.SUBEXPRESSION)),
    EVENT_DRIVEN("event-driven", EnumSet.of(EquationKind.DIFFERENTIAL_EQUATION)),
    CLOCK_DRIVEN("clock-driven", EnumSet.of(EquationKind.DIFFERENTIAL_EQUATION)),
    SUMMED("summed", EnumSet.of(EquationKind.SUBEXPRESSION));

    private final String text;
    private final Set<EquationKind> allowed;

    Flag(String text, Set<EquationKind> allowed) {
        this.text = text;
        this.allowed = allowed;
    }

    /** The flag as written in equations. */
    public String text() { return text; }

    /** Whether the flag may be given to an equation of this kind. */
    public boolean allowedFor(EquationKind kind) { return allowed.contains(kind); }

    /** The flag written as {@code text} (spaces normalised), or null. */
    public static Flag fromText(String text) {
        String t = text.trim().replaceAll("\\s+", " ");
        for (Flag f : values()) if (f.text.equals(t)) return f;
        return null;
    }

    @Override
    public String toString() { return text; }
}
