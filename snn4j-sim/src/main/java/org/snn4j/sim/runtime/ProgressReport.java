package org.snn4j.sim.runtime;

import java.io.PrintStream;

/**
 * Progress of {@link Network#run(org.snn4j.sim.units.Quantity, ProgressReport, java.time.Duration)}, as Brian2's
 * {@code report} argument: called with {@code completed = 0} before the first step, then at most once per report
 * period of wall time, and with {@code completed = 1} after the last step.
 */
@FunctionalInterface
public interface ProgressReport {
    /**
     * @param elapsed   wall time since the run started, seconds
     * @param completed the fraction of the run's steps done, 0 to 1
     * @param start     simulated time at the start of the run, seconds
     * @param duration  simulated duration of the run, seconds
     */
    void report(double elapsed, double completed, double start, double duration);

    /**
     * Brian2's {@code report='text'}: {@code Starting simulation at t=0.0 s for a duration of 1.0 s}, then
     * {@code 0.5 s (50%) simulated in 10s, estimated 10s remaining.} and {@code 1.0 s (100%) simulated in 19s}.
     */
    static ProgressReport text(PrintStream out) {
        return (elapsed, completed, start, duration) -> {
            out.println(line(elapsed, completed, start, duration));
            out.flush();
        };
    }

    /** One line of the text report. */
    static String line(double elapsed, double completed, double start, double duration) {
        if (completed == 0) return "Starting simulation at t=" + start + " s for a duration of " + duration + " s";
        String msg = (completed * duration) + " s (" + (int) (completed * 100) + "%) simulated in " + formatTime(elapsed);
        if (completed < 1) msg += ", estimated " + formatTime(Math.round((1 - completed) / completed * elapsed)) + " remaining.";
        return msg;
    }

    /** Brian2's time format: {@code 3h 25m 45s} for 12345 s, {@code 2m 3s}, {@code 12s}, {@code < 1s}. */
    static String formatTime(double seconds) {
        long[] divisors = {24 * 60 * 60, 60 * 60, 60, 1};
        String[] letters = {"d", "h", "m", "s"};
        double remaining = seconds;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < divisors.length; k++) {
            long whole = (long) (remaining / divisors[k]);
            remaining -= whole * divisors[k];
            if (whole > 0 || !sb.isEmpty()) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append(whole).append(letters[k]);
            }
        }
        return sb.isEmpty() ? "< 1s" : sb.toString();
    }
}
