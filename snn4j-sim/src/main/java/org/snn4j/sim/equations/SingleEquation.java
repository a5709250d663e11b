package org.snn4j.sim.equations;

import java.util.Set;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Unit;

/**
 * One line of a model: a differential equation, a subexpression or a parameter.
 *
 * @param kind      differential equation, subexpression or parameter
 * @param name      the variable defined ({@code v} for {@code dv/dt = ...})
 * @param unit      the declared unit ({@link Unit#ONE} for {@code 1}, {@code boolean} and {@code integer})
 * @param type      the value type ({@code boolean}, {@code integer} or floating point)
 * @param rhs       the right-hand side, or null for a parameter
 * @param flags     the flags in parentheses
 * @param source    the equation as written on one line (whitespace runs collapsed), for error messages
 */
public record SingleEquation(EquationKind kind, String name, Unit unit, ValueType type, Expr rhs, Set<Flag> flags,
                             String source) {

    public SingleEquation {
        flags = Set.copyOf(flags);
    }

    /** The variable's dimension. */
    public Dimension dimension() { return unit.dimension(); }

    public boolean hasFlag(Flag f) { return flags.contains(f); }

    /** True if the right-hand side contains white noise {@code xi} or {@code xi_*}. */
    public boolean isStochastic() {
        return rhs != null && Exprs.identifiers(rhs).stream().anyMatch(Namespace::isNoiseName);
    }

    /** The same equation with another right-hand side. */
    public SingleEquation withRhs(Expr newRhs) {
        return new SingleEquation(kind, name, unit, type, newRhs, flags, source);
    }

    /** The equation in Brian2 syntax, with the right-hand side pretty-printed. */
    public String format() {
        String unitText = switch (type) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case FLOAT -> unit.name();
        };
        String head = switch (kind) {
            case DIFFERENTIAL_EQUATION -> "d" + name + "/dt = " + Exprs.print(rhs);
            case SUBEXPRESSION -> name + " = " + Exprs.print(rhs);
            case PARAMETER -> name;
        };
        StringBuilder sb = new StringBuilder(head).append(" : ").append(unitText);
        if (!flags.isEmpty()) {
            sb.append(" (");
            boolean first = true;
            for (Flag f : Flag.values()) {
                if (!flags.contains(f)) continue;
                if (!first) sb.append(", ");
                sb.append(f.text());
                first = false;
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() { return format(); }
}
