package org.snn4j.sim.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snn4j.core.util.Parallel;
import org.snn4j.sim.codegen.CodeCompiler;
import org.snn4j.sim.codegen.GroupCode;
import org.snn4j.sim.codegen.GroupCodeGenerator;
import org.snn4j.sim.codegen.JaninoCompiler;
import org.snn4j.sim.expr.FunctionDef;
import org.snn4j.sim.units.Dimension;
import org.snn4j.sim.units.Quantity;

/**
 * A simulation: neuron groups and monitors advanced together in time steps of {@code dt}
 * (default 0.1 ms), as Brian2's {@code Network}.
 *
 * <p>Each step at time {@code t = step*dt} runs Brian2's default schedule: {@code start}
 * (state monitors record), {@code groups} (state updates, in parallel over blocks of neurons),
 * {@code thresholds} (spikes are found; spike monitors record them with time {@code t}),
 * {@code synapses} (spike propagation, see {@link Synapses}; {@link PoissonInput}), {@code resets},
 * {@code end} ({@link PopulationRateMonitor}).
 * Spike sources ({@link SpikeGeneratorGroup}) emit their spikes in the {@code thresholds} slot. The code of each group is generated and
 * compiled on the first {@link #run} (and again only if the group or dt changed); a second
 * {@code run} continues from where the first stopped.
 *
 * <pre>{@code
 * Network net = new Network(group, new StateMonitor(group, "v"), new SpikeMonitor(group));
 * net.run(Quantity.of(100, "ms"));
 * }</pre>
 */
public final class Network {
    /** Neurons per block of the parallel state update and threshold. */
    static final int BLOCK = 2048;

    private final List<NeuronGroup> groups = new ArrayList<>();
    private final List<StateMonitor> stateMonitors = new ArrayList<>();
    private final List<SpikeMonitor> spikeMonitors = new ArrayList<>();
    private final List<Synapses> synapses = new ArrayList<>();
    private final List<SynapseMonitor> synapseMonitors = new ArrayList<>();
    /** Inputs and monitors other than the above (PoissonInput, PopulationRateMonitor, EventMonitor). */
    private final List<Scheduled> scheduled = new ArrayList<>();
    private double dt = 1e-4;
    private long step;
    private CodeCompiler compiler = new JaninoCompiler();
    private Path codeDirectory;
    private long buildNanos;
    private long runNanos;
    private long neuronSteps;
    private final Map<String, Snapshot> stored = new HashMap<>();
    private final Map<String, Map<Synapses, Object>> storedSynapses = new HashMap<>();

    public Network(Object... objects) { add(objects); }

    /** Adds neuron groups and monitors (the groups that monitors observe must be added too). */
    public Network add(Object... objects) {
        for (Object o : objects) {
            switch (o) {
                case NeuronGroup g -> { if (!groups.contains(g)) groups.add(g); }
                case StateMonitor m -> { if (!stateMonitors.contains(m)) stateMonitors.add(m); }
                case SpikeMonitor m -> { if (!spikeMonitors.contains(m)) spikeMonitors.add(m); }
                case Synapses s -> { if (!synapses.contains(s)) synapses.add(s); }
                case SynapseMonitor m -> { if (!synapseMonitors.contains(m)) synapseMonitors.add(m); }
                case Scheduled m -> { if (!scheduled.contains(m)) scheduled.add(m); }
                default -> throw new IllegalArgumentException("cannot add " + o + " to a Network");
            }
        }
        return this;
    }

    /** Sets the time step (a time). */
    public Network setDt(Quantity newDt) {
        if (!newDt.dimension().equals(Dimension.TIME) || !(newDt.value() > 0)) {
            throw new IllegalArgumentException("dt must be a positive time, got " + newDt);
        }
        if (step != 0) {
            throw new IllegalStateException("dt cannot change after the network has run (t = " + t() + " s)");
        }
        this.dt = newDt.value();
        return this;
    }

    /** The time step in seconds. */
    public double dt() { return dt; }

    /** The current time in seconds. */
    public double t() { return step * dt; }

    /** The number of steps taken so far. */
    public long step() { return step; }

    /** Replaces the compiler of generated code (default Janino). */
    public Network setCompiler(CodeCompiler newCompiler) {
        this.compiler = newCompiler;
        for (NeuronGroup g : groups) g.compiled = null;
        for (Synapses s : synapses) s.invalidateBuild();
        return this;
    }

    /** Writes each group's generated source to {@code directory/<ClassName>.java} when it is built; null: off. */
    public Network setCodeDirectory(Path directory) {
        this.codeDirectory = directory;
        return this;
    }

    /** Time spent generating and compiling code, in total. */
    public Duration buildTime() { return Duration.ofNanos(buildNanos); }

    /** Time spent running steps (excluding builds), in total. */
    public Duration runTime() { return Duration.ofNanos(runNanos); }

    /** Neuron state updates performed so far (neurons times steps, summed over groups). */
    public long neuronSteps() { return neuronSteps; }

    /** Generates and compiles the code of every group that needs it (done by {@link #run} anyway). */
    public void build() {
        long t0 = System.nanoTime();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (NeuronGroup g : groups) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("two groups in the network are named '" + g.name()
                        + "'; give them different names");
            }
            g.dt = dt;
            g.time = t();
            if (g.spikeSource != null) g.spikeSource.prepare(dt);
        }
        // linked variables: direct links take the array they read (rebuilding the group when it changed),
        // indexed ones are gathered at the start of the run and at the end of each step
        for (NeuronGroup g : groups) {
            g.links.resolve();
            if (g.links.hasIndexed()) add(g.links.scheduled());
        }
        for (NeuronGroup g : groups) {
            if (g.compiled != null && g.compiled.dt == dt) continue;
            long g0 = System.nanoTime();
            GroupCodeGenerator.Generated gen = GroupCodeGenerator.generate(g.model(dt));
            if (codeDirectory != null) AtomicWrite.text(codeDirectory.resolve(gen.className() + ".java"), gen.source());
            long c0 = System.nanoTime();
            GroupCode code = compiler.instantiate(gen.qualifiedName(), gen.source(), GroupCode.class);
            long c1 = System.nanoTime();
            List<Object> arrays = new ArrayList<>();
            for (GroupCodeGenerator.Var v : g.varList()) arrays.add(g.arrays().get(v.name()));
            code.bind(arrays.toArray());
            code.setSeed(g.seed());
            code.setFunctions(gen.functions().toArray(new FunctionDef[0]));
            int blocks = (g.size() + BLOCK - 1) / BLOCK;
            g.compiled = new CompiledGroup(gen, code, dt, g.size(), blocks);
            g.generateNanos = c0 - g0;
            g.compileNanos = c1 - c0;
        }
        java.util.Set<String> synNames = new java.util.HashSet<>();
        Map<String, String> summedTargets = new HashMap<>();
        for (Synapses s : synapses) {
            for (String v : s.summedTargets()) {
                String other = summedTargets.put(v, s.name());
                if (other != null) {
                    throw new IllegalArgumentException("the Synapses '" + other + "' and '" + s.name()
                            + "' both write the (summed) variable " + v + "; sum into different parameters");
                }
            }
            if (!synNames.add(s.name())) {
                throw new IllegalArgumentException("two Synapses in the network are named '" + s.name()
                        + "'; give them different names");
            }
            requireAdded(s.source, "Synapses '" + s.name() + "' (its source)");
            requireAdded(s.target, "Synapses '" + s.name() + "' (its target)");
            s.build(dt, compiler, codeDirectory);
        }
        for (SynapseMonitor m : synapseMonitors) {
            if (!synapses.contains(m.synapses())) {
                throw new IllegalArgumentException("a SynapseMonitor observes " + m.synapses() + ", which is not in the network");
            }
        }
        for (StateMonitor m : stateMonitors) {
            requireAdded(m.group(), "StateMonitor");
            m.prepare(dt);
        }
        for (SpikeMonitor m : spikeMonitors) {
            requireAdded(m.group(), "SpikeMonitor");
            m.dt = dt;
        }
        for (Scheduled m : scheduled) {
            for (NeuronGroup g : m.groups()) requireAdded(g, m.getClass().getSimpleName());
            m.prepare(dt);
        }
        buildNanos += System.nanoTime() - t0;
    }

    private void requireAdded(NeuronGroup g, String what) {
        if (!groups.contains(g)) {
            throw new IllegalArgumentException((what.contains("'") ? "the " : "a ") + what + " observes " + g
                    + ", which is not in the network; add it to the Network");
        }
    }

    /** Runs for {@code duration} (a time), rounded to a whole number of steps. */
    public Network run(Quantity duration) {
        if (!duration.dimension().equals(Dimension.TIME) || duration.value() < 0) {
            throw new IllegalArgumentException("run() needs a non-negative time, got " + duration);
        }
        build();
        // every neuron's refractoriness is evaluated in the first step of each run (the state may have been
        // set, restored, or advanced by another network), then only where not_refractory is false, unless
        // something else writes lastspike or not_refractory during the run (see GroupCode._checkAllRefractory)
        trustNotRefractory = true;
        for (Synapses s : synapses) {
            String src = s.generatedSource();
            if (src == null || usesRefractoryState(src)) trustNotRefractory = false;
        }
        for (Scheduled m : scheduled) {
            if (m instanceof PoissonInput p && !p.writesOnlyModelVariable()) trustNotRefractory = false;
        }
        for (NeuronGroup g : groups) g.compiled.code.checkAllRefractory(true);
        // the threshold of a group runs in the same pass as its state update when nothing runs between the two
        // slots that could read or write the group (clock-driven synapses; the other groups touch only their own
        // variables), as the threshold of neuron i reads only neuron i's variables
        boolean nothingBetween = true;
        for (Synapses s : synapses) if (s.hasClockDriven()) nothingBetween = false;
        // (a group that reads another group's array through a direct link reads it in the thresholds slot after
        // every group's update, so it is not fused)
        for (NeuronGroup g : groups) g.compiled.fused = g.compiled.code.hasFusedPass() && nothingBetween && g.spikeSource == null && g.hasThreshold()
                && !g.links.readsOtherGroupDirectly();
        long steps = Math.round(duration.value() / dt);
        long t0 = System.nanoTime();
        try (Team tm = Team.of(steps == 0 ? 1 : teamSize())) {
            team = tm;
            for (long s = 0; s < steps; s++) advance();
        } finally {
            team = Team.of(1);
        }
        for (NeuronGroup g : groups) g.time = t();
        runNanos += System.nanoTime() - t0;
        return this;
    }

    /**
     * Runs for {@code duration} reporting progress as Brian2's {@code run(duration, report=...)}: {@code "text"} or
     * {@code "stdout"} (standard output), {@code "stderr"}, or null for none; every 10 s of wall time.
     */
    public Network run(Quantity duration, String report) { return run(duration, report, Duration.ofSeconds(10)); }

    /** {@link #run(Quantity, String)} with another report period (wall time). */
    public Network run(Quantity duration, String report, Duration reportPeriod) {
        if (report == null) return run(duration);
        ProgressReport r = switch (report) {
            case "text", "stdout" -> ProgressReport.text(System.out);
            case "stderr" -> ProgressReport.text(System.err);
            default -> throw new IllegalArgumentException("run(): unknown report '" + report
                    + "' (use \"text\", \"stdout\" or \"stderr\", or give a ProgressReport)");
        };
        return run(duration, r, reportPeriod);
    }

    /**
     * Runs for {@code duration}, calling {@code report} before the first step, after the last, and in between at
     * most once per {@code reportPeriod} of wall time. The run is made of up to 100 shorter runs (whole steps);
     * the results are the same as those of one run, as every step depends only on the state and its number.
     */
    public Network run(Quantity duration, ProgressReport report, Duration reportPeriod) {
        if (!duration.dimension().equals(Dimension.TIME) || duration.value() < 0) {
            throw new IllegalArgumentException("run() needs a non-negative time, got " + duration);
        }
        if (reportPeriod == null || reportPeriod.isNegative()) {
            throw new IllegalArgumentException("run(): the report period must be a non-negative duration, got " + reportPeriod);
        }
        long steps = Math.round(duration.value() / dt);
        double start = t(), total = steps * dt;
        long t0 = System.nanoTime(), next = t0 + reportPeriod.toNanos();
        report.report(0, 0, start, total);
        long chunk = Math.max(1, steps / 100), done = 0;
        if (steps == 0) run(duration);
        while (done < steps) {
            long k = Math.min(chunk, steps - done);
            run(Quantity.of(k * dt, "second"));
            done += k;
            long now = System.nanoTime();
            if (done < steps && now >= next) {
                report.report((now - t0) / 1e9, done / (double) steps, start, total);
                next = now + reportPeriod.toNanos();
            }
        }
        report.report((System.nanoTime() - t0) / 1e9, 1, start, total);
        return this;
    }

    /**
     * The objects of the network in the order each step runs them, slot by slot (Brian2's
     * {@code scheduling_summary}): one line per object, {@code slot  object  (what it does)}.
     */
    public String schedulingSummary() {
        List<String[]> rows = new ArrayList<>();
        for (StateMonitor m : stateMonitors) rows.add(new String[] {"start", "StateMonitor of " + m.group(), m.variables().toString()});
        for (SynapseMonitor m : synapseMonitors) rows.add(new String[] {"start", "SynapseMonitor of " + m.synapses(), "record"});
        for (Synapses s : synapses) if (s.hasSummed()) rows.add(new String[] {"groups", s.toString(), "(summed) variables"});
        for (NeuronGroup g : groups) {
            String what = g.spikeSource != null ? "no state" : g.equations().differentialEquations().isEmpty()
                    ? "refractoriness" : "state update";
            if (g.compiled != null && g.compiled.fused) what += " and threshold in one pass";
            rows.add(new String[] {"groups", g.toString(), what});
        }
        for (Synapses s : synapses) if (s.hasClockDriven()) rows.add(new String[] {"groups", s.toString(), "clock-driven equations"});
        for (NeuronGroup g : groups) {
            if (g.spikeSource != null) rows.add(new String[] {"thresholds", g.toString(), "spikes from its list"});
            else if (g.hasThreshold()) rows.add(new String[] {"thresholds", g.toString(), "threshold '" + g.thresholdText() + "'"});
        }
        for (SpikeMonitor m : spikeMonitors) rows.add(new String[] {"thresholds", "SpikeMonitor of " + m.group(), "record"});
        for (Scheduled m : scheduled) if (m instanceof EventMonitor e) rows.add(new String[] {"thresholds", "EventMonitor of " + e.group(), "record '" + e.event() + "'"});
        for (Synapses s : synapses) if (s.hasOnPre()) rows.add(new String[] {"synapses", s.toString(), "on_pre"});
        for (Scheduled m : scheduled) if (m instanceof PoissonInput p) rows.add(new String[] {"synapses", "PoissonInput onto " + p.target(), "add"});
        for (Synapses s : synapses) if (s.hasOnPost()) rows.add(new String[] {"synapses", s.toString(), "on_post"});
        for (NeuronGroup g : groups) if (g.hasReset()) rows.add(new String[] {"resets", g.toString(), "reset"});
        for (Scheduled m : scheduled) {
            if (m instanceof PopulationRateMonitor p) rows.add(new String[] {"end", "PopulationRateMonitor of " + p.group(), "record"});
            else if (!(m instanceof EventMonitor) && !(m instanceof PoissonInput)) rows.add(new String[] {"end", m.toString(), "gather"});
        }
        int w0 = "slot".length(), w1 = "object".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
        }
        StringBuilder sb = new StringBuilder("dt = " + dt + " s\n");
        String fmt = "%-" + w0 + "s  %-" + w1 + "s  %s%n";
        sb.append(String.format(fmt, "slot", "object", "what"));
        for (String[] r : rows) sb.append(String.format(fmt, (Object[]) r));
        return sb.toString();
    }

    /**
     * True if generated synapse code may touch {@code lastspike} or {@code not_refractory}: any line that
     * names them other than a field declaration or its binding.
     */
    static boolean usesRefractoryState(String source) {
        for (String line : source.split("\n")) {
            String l = line.strip();
            if (!l.contains("lastspike") && !l.contains("not_refractory")) continue;
            if (l.matches("private \\w+\\[\\] \\w+;") || l.matches("\\w+ = \\(\\w+\\[\\]\\) _arrays\\[\\d+\\];")) continue;
            return true;
        }
        return false;
    }

    /** The threads of the current run (one outside runs). */
    private Team team = Team.of(1);

    /**
     * Threads for a run: {@link Parallel#threads()}, or one when there is nothing to split: no group has two
     * blocks of neurons and no synapses could reach {@link Synapses#parallelEvents} events in a step.
     */
    private int teamSize() {
        boolean split = false;
        for (NeuronGroup g : groups) if (g.compiled.blockCounts.length > 1) split = true;
        for (Synapses s : synapses) if (s.size() >= Synapses.parallelEvents || s.hasClockDriven()) split = true;
        return split ? Parallel.threads() : 1;
    }

    /** True while nothing but the threshold writes lastspike or not_refractory during the run. */
    private boolean trustNotRefractory;

    /** One slot of a step's schedule. */
    @FunctionalInterface
    private interface Slot {
        void run(long step, double t);
    }

    /**
     * The slots in the order a step runs them. (Each slot is called through this array, at one call site that
     * sees six classes, so that the JIT compiles each slot on its own: inlined into one method, the whole step is
     * a large compilation that the JIT repeats whenever a part of it changes, on a core the run needs at first.)
     */
    private final Slot[] slots = {this::start, this::groups, this::thresholds, this::synapses, this::resets, this::end};

    private void advance() {
        final long s = step;
        final double t = s * dt;
        for (NeuronGroup g : groups) g.time = t;
        for (Slot slot : slots) slot.run(s, t);
        step++;
    }

    private void start(long step, double t) {
        for (StateMonitor m : stateMonitors) m.record(step, t);
        for (SynapseMonitor m : synapseMonitors) m.record(t);
    }

    private void groups(long step, double t) {
        // summed synaptic variables first (Brian2 runs them just before the target group)
        for (Synapses s : synapses) if (s.hasSummed()) s.updateSummed(step, t, dt);
        for (NeuronGroup g : groups) {
            GroupCode code = g.compiled.code;
            code.setStep(step);
            int n = g.size();
            int blocks = g.compiled.blockCounts.length;
            CompiledGroup c = g.compiled;
            if (c.fused) {
                int[] counts = c.blockCounts;
                team.forRange(blocks, (b0, b1) -> {
                    for (int b = b0; b < b1; b++) {
                        counts[b] = code.stateUpdateThreshold(b * BLOCK, Math.min(n, (b + 1) * BLOCK), t, dt, c.spikes, b * BLOCK);
                    }
                });
            } else {
                team.forRange(blocks, (b0, b1) -> {
                    for (int b = b0; b < b1; b++) code.stateUpdate(b * BLOCK, Math.min(n, (b + 1) * BLOCK), t, dt);
                });
            }
            if (trustNotRefractory) code.checkAllRefractory(false);
            neuronSteps += n;
        }
        for (Synapses s : synapses) if (s.hasClockDriven()) s.stateUpdate(step, t, dt, team);
    }

    private void thresholds(long step, double t) {
        for (NeuronGroup g : groups) {
            CompiledGroup c = g.compiled;
            if (g.spikeSource != null) {
                c.spikeCount = g.spikeSource.spikes(step, c.spikes);
                continue;
            }
            if (!g.hasThreshold()) {
                c.spikeCount = 0;
                continue;
            }
            int n = g.size();
            int[] counts = c.blockCounts;
            if (!c.fused) {
                team.forRange(counts.length, (b0, b1) -> {
                    for (int b = b0; b < b1; b++) {
                        counts[b] = c.code.threshold(b * BLOCK, Math.min(n, (b + 1) * BLOCK), t, dt, c.spikes, b * BLOCK);
                    }
                });
            }
            int total = 0;
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] > 0 && total != b * BLOCK) System.arraycopy(c.spikes, b * BLOCK, c.spikes, total, counts[b]);
                total += counts[b];
            }
            c.spikeCount = total;
        }
        for (SpikeMonitor m : spikeMonitors) {
            CompiledGroup c = m.group().compiled;
            m.record(c.spikes, c.spikeCount, t);
        }
        for (Scheduled m : scheduled) m.afterThresholds(step, t);
    }

    private void synapses(long step, double t) {
        // (Brian2's order: on_pre pathways -1, PoissonInput 0, on_post pathways 1)
        for (Synapses s : synapses) s.propagate(step, t, dt, team);
        for (Scheduled m : scheduled) m.synapses(step, t);
        for (Synapses s : synapses) s.propagatePost(step, t, dt);
    }

    private void resets(long step, double t) {
        for (NeuronGroup g : groups) {
            CompiledGroup c = g.compiled;
            if (c.spikeCount > 0) c.code.reset(c.spikes, c.spikeCount, t, dt);
        }
    }

    private void end(long step, double t) {
        for (Scheduled m : scheduled) m.end(step, t);
    }

    /** The indices of the neurons of {@code g} that spiked in the last step. */
    public int[] lastSpikes(NeuronGroup g) {
        CompiledGroup c = g.compiled;
        return c == null ? new int[0] : java.util.Arrays.copyOf(c.spikes, c.spikeCount);
    }

    // ------------------------------------------------------------------ store / restore

    private record Snapshot(long step, Map<NeuronGroup, Map<String, Object>> state, Map<Object, Integer> monitorSizes) {}

    /** Stores the time, every group's state and the monitors' lengths under the name "default". */
    public void store() { store("default"); }

    /** Stores the time, every group's and synapses' state (pending spikes too) and the monitors' lengths under {@code name}. */
    public void store(String name) {
        Map<NeuronGroup, Map<String, Object>> state = new LinkedHashMap<>();
        for (NeuronGroup g : groups) {
            Map<String, Object> copy = new LinkedHashMap<>();
            g.arrays().forEach((k, v) -> { if (!g.isLinked(k)) copy.put(k, copyOf(v)); });
            state.put(g, copy);
        }
        Map<Object, Integer> sizes = new HashMap<>();
        for (StateMonitor m : stateMonitors) sizes.put(m, m.size());
        for (SpikeMonitor m : spikeMonitors) sizes.put(m, m.size());
        for (SynapseMonitor m : synapseMonitors) sizes.put(m, m.size());
        for (Scheduled m : scheduled) sizes.put(m, m.size());
        stored.put(name, new Snapshot(step, state, sizes));
        Map<Synapses, Object> syn = new LinkedHashMap<>();
        for (Synapses s : synapses) syn.put(s, s.snapshot());
        storedSynapses.put(name, syn);
    }

    /** Restores the state stored under "default". */
    public void restore() { restore("default"); }

    /** Restores the state stored under {@code name}: time, group variables, monitor contents. */
    public void restore(String name) {
        Snapshot s = stored.get(name);
        if (s == null) throw new IllegalArgumentException("nothing stored under '" + name + "' (stored: " + stored.keySet() + ")");
        step = s.step();
        for (NeuronGroup g : groups) g.time = t();
        s.state().forEach((g, vars) -> vars.forEach((k, v) -> {
            Object target = g.arrays().get(k);
            if (target != null) System.arraycopy(v, 0, target, 0, java.lang.reflect.Array.getLength(v));
        }));
        storedSynapses.getOrDefault(name, Map.of()).forEach(Synapses::restoreSnapshot);
        for (StateMonitor m : stateMonitors) m.truncate(s.monitorSizes().getOrDefault(m, 0));
        for (SpikeMonitor m : spikeMonitors) m.truncate(s.monitorSizes().getOrDefault(m, 0));
        for (SynapseMonitor m : synapseMonitors) m.truncate(s.monitorSizes().getOrDefault(m, 0));
        for (Scheduled m : scheduled) m.truncate(s.monitorSizes().getOrDefault(m, 0));
    }

    private static Object copyOf(Object a) {
        return switch (a) {
            case double[] d -> d.clone();
            case float[] f -> f.clone();
            case boolean[] b -> b.clone();
            default -> throw new IllegalStateException();
        };
    }
}
