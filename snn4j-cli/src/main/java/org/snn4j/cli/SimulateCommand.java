package org.snn4j.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code snn4j simulate FILE.java [ARGS...]}: compiles and runs a single-file simulation program
 * with the snn4j classes on its class path.
 *
 * <p>How: the file is compiled in this JVM with {@code javax.tools} (against the class path this
 * command runs with, i.e. the snn4j jar; other classes the file uses from its own directory tree
 * are compiled too, as in the JDK's source-file mode), so compile errors are reported as
 * {@code FILE:LINE:COLUMN: error: ...} with the source line. The program then runs in a child JVM
 * (this JVM's {@code java.home}; {@code --add-modules jdk.incubator.vector},
 * {@code --enable-native-access=ALL-UNNAMED}, headless AWT, and this JVM's {@code -Xm*}, {@code -Xss*},
 * {@code -XX:} and {@code -D} options), the first top-level class of the file being the main class,
 * so that the program's {@code System.exit}, static state and threads cannot disturb the command;
 * its output is passed through and its exit status is the command's.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Compiles and runs a single-file simulation program (a Java file with a main method) with the "
                + "snn4j classes on the class path, e.g. snn4j simulate examples/sim/Example1.java.",
                "Exit status: the program's; 1 if it does not compile; 2 for a missing file."})
public final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.java", description = "The program's source file.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the program's main method.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!file.getFileName().toString().endsWith(".java")) {
            throw new Main.UsageException("expected a .java source file, got " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new Main.UsageException("no such file: " + file.toAbsolutePath().normalize());
        }
        Path classes = Files.createTempDirectory("snn4j-simulate");
        try {
            String mainClass = compile(file, classes, System.err);
            if (mainClass == null) return 1;
            return run(mainClass, classes, args);
        } finally {
            deleteTree(classes);
        }
    }

    /** Compiles {@code source} into {@code classes}; returns the main class, or null after printing the errors. */
    static String compile(Path source, Path classes, PrintStream err) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + " (a JDK is needed, not a JRE)");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            String pkg = packageOf(source);
            Path root = source.toAbsolutePath().getParent();
            if (!pkg.isEmpty()) {
                for (int k = pkg.split("\\.").length; k > 0 && root != null; k--) root = root.getParent();
            }
            List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                    System.getProperty("java.class.path"), "-proc:none", "-g", "-encoding", "UTF-8",
                    "--add-modules", "jdk.incubator.vector", "-Xlint:-options"));
            if (root != null) options.addAll(List.of("-sourcepath", root.toString()));
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostics, options, null,
                    fm.getJavaFileObjects(source.toFile()));
            String mainClass = null;
            for (CompilationUnitTree unit : task.parse()) {
                for (Tree t : unit.getTypeDecls()) {
                    if (t instanceof ClassTree c && !c.getSimpleName().isEmpty()) {
                        mainClass = (pkg.isEmpty() ? "" : pkg + ".") + c.getSimpleName();
                        break;
                    }
                }
            }
            if (!hasErrors(diagnostics)) task.generate();
            if (hasErrors(diagnostics)) {
                int errors = 0;
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                    errors++;
                    err.println(format(d));
                }
                err.println("snn4j simulate: " + source + " does not compile (" + errors + (errors == 1 ? " error)" : " errors)"));
                return null;
            }
            if (mainClass == null) {
                String stem = source.getFileName().toString().replaceFirst("\\.java$", "");
                mainClass = (pkg.isEmpty() ? "" : pkg + ".") + stem;
            }
            return mainClass;
        }
    }

    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> d) {
        return d.getDiagnostics().stream().anyMatch(x -> x.getKind() == Diagnostic.Kind.ERROR);
    }

    /** {@code FILE:LINE:COL: error: message}, then the source line and a caret under the column. */
    static String format(Diagnostic<? extends JavaFileObject> d) {
        StringBuilder sb = new StringBuilder();
        String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).toString();
        String cwd = Path.of("").toAbsolutePath().toString() + File.separator;
        if (where.startsWith(cwd)) where = where.substring(cwd.length());
        if (!where.isEmpty()) {
            sb.append(where);
            if (d.getLineNumber() != Diagnostic.NOPOS) sb.append(':').append(d.getLineNumber()).append(':').append(d.getColumnNumber());
            sb.append(": ");
        }
        String message = d.getMessage(Locale.ROOT);
        sb.append("error: ").append(message.lines().findFirst().orElse(""));
        message.lines().skip(1).forEach(l -> sb.append('\n').append(l));
        if (d.getSource() != null && d.getLineNumber() != Diagnostic.NOPOS) {
            try {
                CharSequence text = d.getSource().getCharContent(true);
                String line = text.toString().lines().skip(d.getLineNumber() - 1).findFirst().orElse(null);
                if (line != null) {
                    sb.append('\n').append(line).append('\n');
                    sb.append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append('^');
                }
            } catch (IOException ignored) {
                // the message alone
            }
        }
        return sb.toString();
    }

    private static String packageOf(Path source) throws IOException {
        for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (s.startsWith("package ") && s.endsWith(";")) return s.substring(8, s.length() - 1).strip();
            if (s.startsWith("import ") || s.startsWith("public ") || s.startsWith("class ") || s.startsWith("final ")) break;
        }
        return "";
    }

    /** Runs {@code mainClass} from {@code classes} in a child JVM; returns its exit status. */
    static int run(String mainClass, Path classes, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Djava.awt.headless=true");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:") || a.startsWith("-D")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        Thread stop = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        Thread out = pump(p.getInputStream(), System.out);
        Thread err = pump(p.getErrorStream(), System.err);
        int status = p.waitFor();
        out.join();
        err.join();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
        return status;
    }

    private static Thread pump(InputStream in, OutputStream to) {
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the child closed its stream
            }
        });
        return t;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind
        }
    }
}
