package org.snn4j.sim.runtime;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snn4j.sim.codegen.GroupCodeGenerator.Storage;
import org.snn4j.sim.codegen.GroupCodeGenerator.Var;
import org.snn4j.sim.equations.SingleEquation;
import org.snn4j.sim.expr.ValueType;
import org.snn4j.sim.units.Dimension;

/**
 * The {@code (linked)} parameters of one {@link NeuronGroup} (Brian2's {@code linked_var}): each reads a
 * variable of another group (or of the same one), read-only.
 *
 * <ul>
 *   <li><b>Direct</b> (same size, no index): when the network builds, the group's array entry for the
 *       variable becomes the array of the variable it links to (following links of links), so the generated
 *       code reads it with no copy. Groups run their state updates one after the other in the order they
 *       were added to the network, so a group reads a variable that an earlier group updates in the same
 *       step after that update; Brian2 orders the groups of a slot by name.</li>
 *   <li><b>Indexed</b> (an index array, a subgroup, or a {@code (shared)} variable of a group of another
 *       size): neuron {@code k} reads neuron {@code index[k]} of the other group. The values are gathered
 *       into the group's own array when the network builds (each run) and in the {@code end} slot of every
 *       step, after the resets, so during a step the group reads the other group's values as they were at
 *       its start. The gather runs on the calling thread.</li>
 * </ul>
 *
 * <p>A linked variable is never written: code that assigns it (reset, {@code on_pre}), {@code set()} and
 * {@code PoissonInput} are refused, and the network does not store it ({@code store()}; it belongs to the
 * other group). A declared link that was never set is an error when the network builds.
 */
final class LinkedVariables {
    /** One link: {@code other}'s {@code variable}, read at {@code index[k]} (null: at {@code k}). */
    record Link(NeuronGroup other, String variable, int[] index) {}

    private final NeuronGroup group;
    private final Set<String> declared = new LinkedHashSet<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** The group's own arrays of the linked variables (the gather target of the indexed form). */
    private final Map<String, Object> own = new LinkedHashMap<>();
    /** The variables whose array entry is now another group's array. */
    private final Set<String> direct = new LinkedHashSet<>();
    private final Gather gather = new Gather();

    LinkedVariables(NeuronGroup group) { this.group = group; }

    void declare(String variable) { declared.add(variable); }

    boolean isLinked(String variable) { return declared.contains(variable); }

    boolean isSet(String variable) { return links.containsKey(variable); }

    boolean isDirect(String variable) { return direct.contains(variable); }

    boolean isEmpty() { return declared.isEmpty(); }

    /** True if some link reads (directly) a variable of another group, which may change during the groups slot. */
    boolean readsOtherGroupDirectly() {
        for (String v : direct) if (ultimate(v).other() != group) return true;
        return false;
    }

    /** {@code 'v' of NeuronGroup 'H' (N=10)} [through an index]. */
    String describe(String variable) {
        Link l = links.get(variable);
        if (l == null) return "nothing yet";
        return "'" + l.variable() + "' of " + l.other() + (l.index() == null ? "" : " through an index");
    }

    private String prefix() { return "NeuronGroup '" + group.name() + "': "; }

    /** Checks and records a link (index null: the direct form); the arrays are bound when the network builds. */
    void link(String variable, NeuronGroup other, String otherVariable, int[] index) {
        if (other == null) throw new IllegalArgumentException(prefix() + "cannot link '" + variable + "' to a null group");
        if (!declared.contains(variable)) {
            boolean exists = group.equations().get(variable).isPresent();
            throw new IllegalArgumentException(prefix() + "cannot link '" + variable + "': " + (exists
                    ? "it is not a linked variable (declare it as a parameter with the flag (linked): '" + variable
                            + " : unit (linked)')"
                    : "the group has no variable '" + variable + "'" + (declared.isEmpty() ? ""
                            : " (its linked variables: " + String.join(", ", declared) + ")")));
        }
        String what = prefix() + "cannot link '" + variable + "' to '" + otherVariable + "' of " + other + ": ";
        if (other.isSubexpression(otherVariable)) {
            throw new IllegalArgumentException(what + "it is a subexpression (only stored variables can be linked)");
        }
        try {
            other.array(otherVariable);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + e.getMessage(), e);
        }
        if (otherVariable.startsWith("_")) throw new IllegalArgumentException(what + "it is an internal variable");
        SingleEquation eq = group.equations().require(variable);
        Dimension want = eq.dimension(), got = other.dimension(otherVariable);
        if (!want.equals(got)) {
            throw new IllegalArgumentException(what + "the dimensions differ ('" + variable + "' is " + want
                    + ", '" + otherVariable + "' is " + got + ")");
        }
        boolean wantBool = eq.type() == ValueType.BOOLEAN;
        boolean gotBool = other.array(otherVariable) instanceof boolean[];
        if (wantBool != gotBool) {
            throw new IllegalArgumentException(what + "'" + variable + "' is " + (wantBool ? "" : "not ")
                    + "boolean but '" + otherVariable + "' is " + (gotBool ? "" : "not ") + "boolean");
        }
        int n = group.size();
        if (index == null && other.size() != n) {
            if (!other.isShared(otherVariable)) {
                throw new IllegalArgumentException(what + "the groups differ in size (" + n + " and " + other.size()
                        + "); give an index array (neuron k reads neuron index[k] of '" + other.name() + "')");
            }
            index = new int[n]; // a shared variable: every neuron reads its one value
        }
        if (index != null) {
            if (index.length != n) {
                throw new IllegalArgumentException(what + "the index array has " + index.length
                        + " elements, but the group has " + n + " neurons (one index per neuron)");
            }
            for (int k = 0; k < n; k++) {
                if (index[k] < 0 || index[k] >= other.size()) {
                    throw new IllegalArgumentException(what + "index[" + k + "] = " + index[k]
                            + " is outside [0, " + other.size() + ")");
                }
            }
        }
        Link l = new Link(other, otherVariable, index);
        // a chain of links that comes back here would have nothing to read
        List<String> chain = new java.util.ArrayList<>(List.of(group.name() + "." + variable));
        for (Link cur = l; cur != null; cur = cur.other().links.links.get(cur.variable())) {
            chain.add(cur.other().name() + "." + cur.variable());
            if (cur.other() == group && cur.variable().equals(variable)) {
                throw new IllegalArgumentException(what + "the links would form a cycle (" + String.join(" -> ", chain) + ")");
            }
        }
        links.put(variable, l);
        unbind(variable);
        bind(variable);
    }

    /**
     * Where {@code variable} finally reads: following the links of linked variables, with the indices composed
     * (null: same neuron).
     */
    Link ultimate(String variable) {
        Link l = links.get(variable);
        int[] index = l.index();
        int guard = 0;
        while (l.other().links.links.containsKey(l.variable())) {
            Link next = l.other().links.links.get(l.variable());
            if (next.index() != null) {
                int[] composed = new int[group.size()];
                for (int k = 0; k < composed.length; k++) {
                    composed[k] = next.index()[index == null ? k : index[k]];
                }
                index = composed;
            }
            l = next;
            if (++guard > 10_000) throw new IllegalStateException(prefix() + "the links of '" + variable + "' form a cycle");
        }
        return new Link(l.other(), l.variable(), index);
    }

    /** Gives the variable its own array back (after a direct link). */
    private void unbind(String variable) {
        if (direct.remove(variable)) {
            Object mine = own.get(variable);
            group.arrays().put(variable, mine);
            group.setVar(new Var(variable, storageOf(mine)));
        }
    }

    private static Storage storageOf(Object a) {
        return switch (a) {
            case double[] d -> Storage.DOUBLE;
            case float[] f -> Storage.FLOAT;
            case boolean[] b -> Storage.BOOLEAN;
            default -> throw new IllegalStateException();
        };
    }

    /**
     * When the network builds: every declared link must be set; direct links take the array they read (the
     * group's code is rebuilt when that array changed, after {@code float32()} on the other group); indexed ones
     * are gathered.
     */
    void resolve() {
        for (String v : declared) {
            if (!links.containsKey(v)) {
                throw new IllegalArgumentException(prefix() + "the linked variable '" + v + "' is not linked to any "
                        + "variable; call linkVariable(\"" + v + "\", group, \"name\") before running");
            }
            bind(v);
        }
    }

    /** Points a direct link's array entry at the array it reads, or gathers an indexed one. */
    private void bind(String v) {
        Link u = ultimate(v);
        if (u.index() == null) {
            Object target = u.other().arrays().get(u.variable());
            if (group.arrays().get(v) != target) {
                if (!direct.contains(v)) own.put(v, group.arrays().get(v));
                direct.add(v);
                group.arrays().put(v, target);
                group.setVar(new Var(v, storageOf(target)));
                group.compiled = null;
            }
        } else {
            unbind(v);
            gather(v);
        }
    }

    /** Gathers every indexed link (start of each run, end of each step). */
    void gatherAll() {
        for (String v : declared) if (links.containsKey(v) && !direct.contains(v)) gather(v);
    }

    /** The value neuron {@code k} reads through the link of {@code variable} now (SI units). */
    double read(String variable, int k) {
        Link u = ultimate(variable);
        return u.other().get(u.variable(), u.index() == null ? k : u.index()[k]);
    }

    /** Brings a link up to date before it is read from outside a run. */
    void refresh(String variable) {
        if (links.containsKey(variable)) bind(variable);
    }

    private void gather(String variable) {
        Link u = ultimate(variable);
        Object src = u.other().arrays().get(u.variable());
        Object dst = group.arrays().get(variable);
        int[] idx = u.index();
        int n = group.size();
        switch (dst) {
            case double[] d -> {
                switch (src) {
                    case double[] s -> { for (int k = 0; k < n; k++) d[k] = s[idx == null ? k : idx[k]]; }
                    case float[] s -> { for (int k = 0; k < n; k++) d[k] = s[idx == null ? k : idx[k]]; }
                    default -> throw new IllegalStateException();
                }
            }
            case float[] f -> {
                switch (src) {
                    case double[] s -> { for (int k = 0; k < n; k++) f[k] = (float) s[idx == null ? k : idx[k]]; }
                    case float[] s -> { for (int k = 0; k < n; k++) f[k] = s[idx == null ? k : idx[k]]; }
                    default -> throw new IllegalStateException();
                }
            }
            case boolean[] b -> {
                boolean[] s = (boolean[]) src;
                for (int k = 0; k < n; k++) b[k] = s[idx == null ? k : idx[k]];
            }
            default -> throw new IllegalStateException();
        }
    }

    /** True if some declared link uses the indexed form (and so needs the gather of {@link #scheduled()}). */
    boolean hasIndexed() {
        for (String v : declared) if (links.containsKey(v) && !direct.contains(v)) return true;
        return false;
    }

    /** The network object that gathers the indexed links (start of a run, end of each step). */
    Scheduled scheduled() { return gather; }

    private final class Gather implements Scheduled {
        @Override
        public List<NeuronGroup> groups() { return List.of(group); }

        @Override
        public void prepare(double dt) { gatherAll(); }

        @Override
        public void end(long step, double t) { gatherAll(); }

        @Override
        public String toString() { return "the linked variables of " + group; }
    }
}
