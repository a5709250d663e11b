package org.snn4j.sim.codegen;

import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/** A {@link CodeCompiler} backed by Janino's {@link SimpleCompiler}: compiles in memory, in milliseconds. */
public final class JaninoCompiler implements CodeCompiler {

    @Override
    public Class<?> compile(String className, String source, ClassLoader parent) {
        SimpleCompiler c = new SimpleCompiler();
        c.setParentClassLoader(parent);
        c.setDebuggingInformation(true, true, false);
        try {
            c.cook(className.replace('.', '/') + ".java", source);
            return c.getClassLoader().loadClass(className);
        } catch (CompileException e) {
            throw new CodeCompilationException("generated code for " + className + " does not compile: "
                    + e.getMessage(), source, e);
        } catch (ClassNotFoundException e) {
            throw new CodeCompilationException("generated source does not define " + className, source, e);
        }
    }
}
