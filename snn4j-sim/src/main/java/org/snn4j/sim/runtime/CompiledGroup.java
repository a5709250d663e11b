package org.snn4j.sim.runtime;

import org.snn4j.sim.codegen.GroupCode;
import org.snn4j.sim.codegen.GroupCodeGenerator;

/** A group's generated code, compiled and bound, with its spike buffer. */
final class CompiledGroup {
    final GroupCodeGenerator.Generated generated;
    final GroupCode code;
    final double dt;
    final int[] spikes;
    int spikeCount;
    final int[] blockCounts;
    /** Whether the network runs the threshold in the state update's pass (set at each run). */
    boolean fused;

    CompiledGroup(GroupCodeGenerator.Generated generated, GroupCode code, double dt, int n, int blocks) {
        this.generated = generated;
        this.code = code;
        this.dt = dt;
        this.spikes = new int[n];
        this.blockCounts = new int[blocks];
    }
}
