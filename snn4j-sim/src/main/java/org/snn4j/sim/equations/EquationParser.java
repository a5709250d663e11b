package org.snn4j.sim.equations;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snn4j.sim.expr.Expr;
import org.snn4j.sim.expr.ExpressionException;
import org.snn4j.sim.expr.ExpressionParser;
import org.snn4j.sim.expr.Functions;
import org.snn4j.sim.expr.Namespace;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Unit;
import org.snn4j.sim.units.Units;

/** Splits an equation string into single equations and parses each; see {@link Equations#parse(String)}. */
final class EquationParser {
    private EquationParser() {}

    private static final Pattern START = Pattern.compile(
            "^\\s*(d[A-Za-z_]\\w*\\s*/\\s*dt\\s*=|[A-Za-z_]\\w*\\s*(=(?!=)|:))");
    private static final Pattern DIFF = Pattern.compile("^d([A-Za-z_]\\w*)\\s*/\\s*dt\\s*=(.*)$", Pattern.DOTALL);
    private static final Pattern SUB = Pattern.compile("^([A-Za-z_]\\w*)\\s*=(?!=)(.*)$", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("^([A-Za-z_]\\w*)\\s*:(.*)$", Pattern.DOTALL);
    private static final Pattern FLAG_LIST = Pattern.compile("^[A-Za-z -]+(,[A-Za-z -]+)*$");

    /**
     * Parses every equation; a syntax error names the equation and, in a text of several lines, the line
     * (1-based) where it starts.
     */
    static List<SingleEquation> parse(String text) {
        List<SingleEquation> out = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> chunks = split(text, lines);
        for (int k = 0; k < chunks.size(); k++) {
            try {
                out.add(parseOne(chunks.get(k)));
            } catch (ExpressionException e) {
                boolean oneLine = text.strip().lines().count() <= 1;
                String where = oneLine ? "" : " (line " + lines.get(k) + " of the equations)";
                throw new ExpressionException(e.source(), e.detail() + where, e.position());
            }
        }
        return out;
    }

    /** Groups lines into equations: a line continues the previous equation unless that one is complete. */
    static List<String> split(String text) { return split(text, new ArrayList<>()); }

    /** As {@link #split(String)}, adding to {@code lines} the 1-based line where each equation starts. */
    private static List<String> split(String text, List<Integer> lines) {
        List<String> chunks = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int lineNo = 0, curStart = 0;
        for (String raw : text.split("\\R", -1)) {
            lineNo++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) continue;
            if (!cur.isEmpty() && START.matcher(line).find() && complete(cur)) {
                chunks.add(cur.toString());
                lines.add(curStart);
                cur.setLength(0);
            }
            if (cur.isEmpty()) curStart = lineNo;
            if (!cur.isEmpty()) cur.append(' ');
            cur.append(line);
        }
        if (!cur.isEmpty()) {
            chunks.add(cur.toString());
            lines.add(curStart);
        }
        List<String> normalised = new ArrayList<>();
        for (String c : chunks) normalised.add(c.replaceAll("\\s+", " ").strip());
        return normalised;
    }

    private static boolean complete(CharSequence s) {
        int depth = 0;
        boolean colon = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ':' && depth == 0) colon = true;
        }
        return colon && depth == 0;
    }

    private static ExpressionException error(String line, String detail) {
        return new ExpressionException(line, detail, -1);
    }

    private static SingleEquation parseOne(String line) {
        EquationKind kind;
        String name, rest;
        Matcher m;
        if ((m = DIFF.matcher(line)).matches()) {
            kind = EquationKind.DIFFERENTIAL_EQUATION;
        } else if ((m = SUB.matcher(line)).matches()) {
            kind = EquationKind.SUBEXPRESSION;
        } else if ((m = PARAM.matcher(line)).matches()) {
            kind = EquationKind.PARAMETER;
        } else {
            throw error(line, "cannot read this equation; expected 'dx/dt = expression : unit', "
                    + "'x = expression : unit' or 'x : unit'");
        }
        name = m.group(1);
        rest = m.group(2);
        checkName(line, name);
        Expr rhs = null;
        String unitAndFlags;
        if (kind == EquationKind.PARAMETER) {
            unitAndFlags = rest;
        } else {
            int colon = rest.indexOf(':');
            if (colon < 0) throw error(line, "missing ': unit' after the expression");
            String rhsText = rest.substring(0, colon).strip();
            if (rhsText.isEmpty()) throw error(line, "missing expression after '='");
            try {
                rhs = ExpressionParser.parse(rhsText);
            } catch (ExpressionException ex) {
                throw ex.withSource(line);
            }
            unitAndFlags = rest.substring(colon + 1);
        }
        unitAndFlags = unitAndFlags.strip();
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        String unitText = unitAndFlags;
        if (unitAndFlags.endsWith(")")) {
            int depth = 0, open = -1;
            for (int k = unitAndFlags.length() - 1; k >= 0; k--) {
                char c = unitAndFlags.charAt(k);
                if (c == ')') depth++;
                else if (c == '(' && --depth == 0) {
                    open = k;
                    break;
                }
            }
            String before = open > 0 ? unitAndFlags.substring(0, open).strip() : "";
            String inner = open >= 0 ? unitAndFlags.substring(open + 1, unitAndFlags.length() - 1).strip() : "";
            if (open > 0 && !before.isEmpty() && FLAG_LIST.matcher(inner).matches()
                    && "*/".indexOf(before.charAt(before.length() - 1)) < 0) {
                unitText = before;
                for (String f : inner.split(",")) {
                    Flag flag = Flag.fromText(f);
                    if (flag == null) {
                        throw error(line, "unknown flag '" + f.strip() + "'; known flags: unless refractory, "
                                + "constant, shared, linked, constant over dt, event-driven, clock-driven, summed");
                    }
                    if (!flag.allowedFor(kind)) {
                        throw error(line, "the flag '" + flag.text() + "' is not allowed for a "
                                + kind.toString().toLowerCase().replace('_', ' '));
                    }
                    flags.add(flag);
                }
            }
        }
        if (unitText.isEmpty()) throw error(line, "missing unit after ':'");
        ValueType type = ValueType.FLOAT;
        Unit unit;
        switch (unitText) {
            case "boolean" -> { type = ValueType.BOOLEAN; unit = Unit.ONE; }
            case "integer" -> { type = ValueType.INTEGER; unit = Unit.ONE; }
            default -> {
                try {
                    unit = Units.parse(unitText);
                } catch (IllegalArgumentException ex) {
                    throw error(line, ex.getMessage());
                }
                if (!unit.isUnscaled()) {
                    throw error(line, "the unit " + unitText + " is scaled (1 " + unitText + " = " + unit.scale()
                            + " " + unit.dimension() + "); declare variables in unscaled units such as "
                            + unit.dimension() + " (values are always stored in SI units)");
                }
            }
        }
        if (kind == EquationKind.DIFFERENTIAL_EQUATION && type != ValueType.FLOAT) {
            throw error(line, "a differential equation defines a floating-point variable; '" + unitText
                    + "' is not allowed");
        }
        return new SingleEquation(kind, name, unit, type, rhs, flags, line);
    }

    private static void checkName(String line, String name) {
        String why = null;
        if (ExpressionParser.KEYWORDS.contains(name)) why = "is a Python keyword";
        else if (name.startsWith("_")) why = "starts with an underscore (reserved for internal names)";
        else if (Set.of("t", "dt", "i", "j", "N", "pi", "e", "inf").contains(name) || Namespace.isNoiseName(name)) {
            why = "is a reserved symbol";
        } else if (Functions.defaults().containsKey(name)) why = "is the name of a function";
        else if (Units.isUnitName(name)) why = "is the name of a unit";
        else if (Set.of("not_refractory", "refractory", "refractory_until").contains(name)) {
            why = "is reserved for the refractory mechanism";
        }
        if (why != null) throw error(line, "'" + name + "' " + why + " and cannot be used as a variable name");
    }
}
