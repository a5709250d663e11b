package org.snn4j.viz;

/** Forces AWT into headless mode; servers and CI have no display, and the flag only works before AWT starts. */
public final class Headless {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Headless() {}

    /** Call before any AWT use; the class initializer above does the work exactly once. */
    public static void ensure() {
        // Intentionally empty: loading this class runs the static initializer.
    }
}
