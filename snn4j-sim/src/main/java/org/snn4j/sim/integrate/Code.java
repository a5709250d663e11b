package org.snn4j.sim.integrate;

import java.util.Arrays;
import java.util.Map;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.Expr.Binary;
import org.snn4j.sim.expr.Expr.BinaryOperator;
import org.snn4j.sim.expr.Expr.Call;
import org.snn4j.sim.expr.Expr.Name;
import org.snn4j.sim.expr.Expr.Num;
import org.snn4j.sim.expr.Expr.Unary;
import org.snn4j.sim.expr.Expr.UnaryOperator;
import org.snn4j.sim.expr.Exprs;
import org.snn4j.sim.expr.Statement;

/** Small builders for the expressions and statements the integrators emit, simplifying 0 and 1. */
final class Code {
    private Code() {}

    static final Name DT = Name.of("dt");
    static final Name T = Name.of("t");

    static Expr num(double v) { return Num.of(v); }

    static Name name(String id) { return Name.of(id); }

    static boolean isZero(Expr e) {
        return e instanceof Num n && n.value() == 0;
    }

    static boolean isOne(Expr e) {
        return e instanceof Num n && n.value() == 1;
    }

    static Expr add(Expr a, Expr b) {
        if (isZero(a)) return b;
        if (isZero(b)) return a;
        if (b instanceof Num n && n.value() < 0) return new Binary(BinaryOperator.SUB, a, Num.of(-n.value()), -1);
        if (b instanceof Unary u && u.op() == UnaryOperator.NEG) return new Binary(BinaryOperator.SUB, a, u.operand(), -1);
        return new Binary(BinaryOperator.ADD, a, b, -1);
    }

    static Expr sub(Expr a, Expr b) {
        if (isZero(b)) return a;
        if (isZero(a)) return neg(b);
        return new Binary(BinaryOperator.SUB, a, b, -1);
    }

    static Expr neg(Expr a) {
        if (a instanceof Num n) return Num.of(-n.value());
        if (a instanceof Unary u && u.op() == UnaryOperator.NEG) return u.operand();
        return new Unary(UnaryOperator.NEG, a, -1);
    }

    static Expr mul(Expr a, Expr b) {
        if (isOne(a)) return b;
        if (isOne(b)) return a;
        if (isZero(a) || isZero(b)) return Num.of(0);
        return new Binary(BinaryOperator.MUL, a, b, -1);
    }

    static Expr div(Expr a, Expr b) {
        if (isOne(b)) return a;
        return new Binary(BinaryOperator.DIV, a, b, -1);
    }

    static Expr pow(Expr a, Expr b) { return new Binary(BinaryOperator.POW, a, b, -1); }

    static Expr call(String fn, Expr... args) { return new Call(fn, Arrays.asList(args), -1); }

    /** {@code sqrt(dt)} written as Brian2 does, {@code dt**0.5}. */
    static Expr sqrtDt() { return pow(DT, Num.of(0.5)); }

    /** {@code t + c*dt}, or {@code t} for c = 0. */
    static Expr timeAt(double c) {
        if (c == 0) return T;
        return add(T, c == 1 ? DT : mul(num(c), DT));
    }

    static Expr substitute(Expr e, Map<String, ? extends Expr> replacements) {
        return replacements.isEmpty() ? e : Exprs.substitute(e, replacements);
    }

    static Statement assign(String target, Expr value) {
        return new Statement(target, Statement.Op.ASSIGN, value, target + " = " + Exprs.print(value));
    }
}
