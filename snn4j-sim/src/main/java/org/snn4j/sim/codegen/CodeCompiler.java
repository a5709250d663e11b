package org.snn4j.sim.codegen;

/**
 * Compiles Java source in-process: source in, {@link Class} out. The default is
 * {@link JaninoCompiler}; another compiler (the JDK's {@code javax.tools}, a caching compiler) can
 * replace it through {@code Network.setCompiler}.
 */
public interface CodeCompiler {

    /**
     * Compiles one compilation unit and loads the class {@code className} from it.
     *
     * @param className the fully qualified name of the class defined by {@code source}
     * @param source    a complete Java compilation unit
     * @param parent    the class loader the generated code links against (it must see {@link GroupCode})
     * @throws CodeCompilationException with the numbered source when it does not compile
     */
    Class<?> compile(String className, String source, ClassLoader parent);

    /** Compiles and instantiates {@code className} through its public no-argument constructor. */
    default <T> T instantiate(String className, String source, Class<T> type) {
        Class<?> c = compile(className, source, type.getClassLoader());
        try {
            return type.cast(c.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new CodeCompilationException("cannot instantiate generated class " + className + ": " + e, source, e);
        }
    }
}
