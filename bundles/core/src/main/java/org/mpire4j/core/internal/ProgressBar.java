package org.mpire4j.core.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for one map on standard error: count, total, percentage, rate, elapsed time
 * and ETA, redrawn at most ten times a second. On a terminal it redraws one line; otherwise it
 * prints a plain line every few seconds, so logs get no control characters. Used by the map's
 * caller thread only.
 */
class ProgressBar {

    /** A bar that shows nothing. */
    static final ProgressBar NONE = new ProgressBar(null, false, -1) {
        @Override
        void total(long total) {
        }

        @Override
        void advance(long n) {
        }

        @Override
        void redraw() {
        }

        @Override
        void done() {
        }

        @Override
        void failed(RuntimeException error) {
        }

        @Override
        void close() {
        }
    };

    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long total;
    private long count;
    /** Starts one interval in the past, so the first update draws at once. */
    private long lastDraw = startNanos - PLAIN_INTERVAL_NANOS;
    private boolean closed;

    ProgressBar(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** A bar on {@code System.err}, drawn in place when standard error is a terminal. */
    static ProgressBar onStandardError(long total) {
        return new ProgressBar(System.err, standardErrorIsATerminal(), total);
    }

    /**
     * Whether descriptor 2 is a terminal device (Linux: its {@code /proc/self/fd} link). Not
     * {@code System.console()}: on JDK 25 it answers for stdin and stdout together, and a bar on stderr
     * must redraw in place even when the results go to a file.
     */
    static boolean standardErrorIsATerminal() {
        try {
            String device = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (java.io.IOException | RuntimeException notLinux) {
            return System.console() != null && System.console().isTerminal();
        }
    }

    void total(long knownTotal) {
        total = knownTotal;
    }

    void advance(long n) {
        count += n;
        long now = System.nanoTime();
        if (now - lastDraw >= (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            lastDraw = now;
            draw(now, "");
        }
    }

    /** Redraws for the passing time alone, at most as often as {@link #advance} would. */
    void redraw() {
        advance(0);
    }

    void done() {
        finish("");
    }

    void failed(RuntimeException error) {
        finish(" failed: " + error.getMessage());
    }

    void close() {
        finish(" cancelled");
    }

    private void finish(String suffix) {
        if (!closed) {
            closed = true;
            draw(System.nanoTime(), suffix);
            if (terminal) {
                out.println();
            }
            out.flush();
        }
    }

    /** One line of the bar, e.g. {@code " 45%|#########           | 450/1000 [00:01<00:01, 300.00 tasks/s]"}. */
    String line(long now) {
        double elapsed = (now - startNanos) / 1e9;
        double rate = elapsed > 0 ? count / elapsed : 0;
        if (total >= 0) {
            double fraction = total == 0 ? 1 : Math.min(1, (double) count / total);
            int filled = (int) (fraction * 20);
            String eta = rate > 0 ? clock((total - count) / rate) : "?";
            return String.format(Locale.ROOT, "%3d%%|%s%s| %d/%d [%s<%s, %.2f tasks/s]", (int) (fraction * 100),
                    "#".repeat(filled), " ".repeat(20 - filled), count, total, clock(elapsed), eta, rate);
        }
        return String.format(Locale.ROOT, "%d [%s, %.2f tasks/s]", count, clock(elapsed), rate);
    }

    private void draw(long now, String suffix) {
        out.print((terminal ? "\r" : "") + line(now) + suffix + (terminal ? "" : System.lineSeparator()));
        out.flush();
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
