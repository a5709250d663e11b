package org.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snn4j simulate}: compile errors, exit status, arguments, a simulation, an example. */
class SimulateCommandTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    private static Result simulate(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "simulate";
            System.arraycopy(args, 0, all, 1, args.length);
            int status = Main.run(all);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void missingFileIsAUsageError() {
        Result r = simulate(tmp.resolve("Nope.java").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no such file: ") && r.err().contains("Nope.java"), r.err());
        r = simulate(tmp.resolve("notes.txt").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("expected a .java source file"), r.err());
    }

    @Test
    void compileErrorsShowFileAndLine() throws Exception {
        Path f = tmp.resolve("Broken.java");
        Files.writeString(f, """
                public class Broken {
                    public static void main(String[] args) {
                        int x = undefinedThing;
                    }
                }
                """);
        Result r = simulate(f.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("Broken.java:3:17: error: cannot find symbol"), r.err());
        assertTrue(r.err().contains("        int x = undefinedThing;\n                ^"), r.err());
        assertTrue(r.err().contains("does not compile (1 error)"), r.err());
    }

    @Test
    void argumentsInAndExitStatusOut() throws Exception {
        Path f = tmp.resolve("Exits.java");
        Files.writeString(f, """
                public class Exits {
                    public static void main(String[] args) {
                        System.out.println("args=" + String.join(",", args));
                        System.err.println("to stderr");
                        System.exit(Integer.parseInt(args[0]));
                    }
                }
                class Other {}
                """);
        Result r = simulate(f.toString(), "7", "--flag", "x y");
        assertEquals(7, r.status());
        assertTrue(r.out().contains("args=7,--flag,x y"), r.out());
        assertTrue(r.err().contains("to stderr"), r.err());
        // an uncaught exception: the JVM's status 1 and the stack trace
        Files.writeString(f, """
                public class Exits {
                    public static void main(String[] args) { throw new IllegalStateException("boom"); }
                }
                """);
        r = simulate(f.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("IllegalStateException: boom"), r.err());
    }

    @Test
    void runsASimulationProgramAndAnExample() throws Exception {
        Path f = tmp.resolve("Decay.java");
        Files.writeString(f, """
                import org.snn4j.sim.expr.Namespace;
                import org.snn4j.sim.runtime.*;
                import org.snn4j.sim.units.Quantity;

                public class Decay {
                    public static void main(String[] args) {
                        NeuronGroup g = new NeuronGroup(1, "dv/dt = -v/tau : 1", Namespace.of("tau", 10, "ms"))
                                .method("exact");
                        g.set("v", 1.0);
                        new Network(g).run(Quantity.of(10, "ms"));
                        System.out.printf(java.util.Locale.ROOT, "v=%.6f%n", g.get("v", 0));
                    }
                }
                """);
        Result r = simulate(f.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("v=" + String.format(java.util.Locale.ROOT, "%.6f", Math.exp(-1))), r.out());

        Path out = tmp.resolve("out");
        r = simulate("../examples/sim/Example1.java", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("t = 10.0 ms  v = 0.632121"), r.out());
        assertTrue(Files.size(out.resolve("example1-v.png")) > 1000);
    }
}
