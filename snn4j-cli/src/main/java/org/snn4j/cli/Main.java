package org.snn4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code snn4j} command. */
@Command(name = "snn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Spiking neural networks on the JVM: train, evaluate and benchmark SNNs; convert ANNs to SNNs; measure efficiency; run simulation programs.",
        subcommands = {TrainCommand.class, EvalCommand.class, ConvertCommand.class, QuickstartCommand.class, BenchCommand.class,
                SimulateCommand.class, MetricsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (2 for invalid usage). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // everything after the program's file belongs to the program, options included
        cl.getSubcommands().get("simulate").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UsageException) {
                cmd.getErr().println("snn4j " + cmd.getCommandName() + ": " + ex.getMessage());
                cmd.usage(cmd.getErr());
                return 2;
            }
            cmd.getErr().println("snn4j " + cmd.getCommandName() + ": error: " + messageOf(ex));
            if (Boolean.getBoolean("snn4j.stacktrace")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.toString() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** An invalid option value found after parsing: printed with the usage, exit status 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Version from the jar manifest (falls back to "dev"). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"snn4j " + version(), "Java " + Runtime.version()};
        }
    }

    /** The snn4j version string. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
