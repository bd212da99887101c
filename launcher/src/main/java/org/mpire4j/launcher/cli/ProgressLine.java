package org.mpire4j.launcher.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;

/**
 * The progress bar of {@code run --progress}, drawn from the engine's observer reports (at most ten
 * a second, and once at the end): count, total, percentage, rate, elapsed time and ETA.
 *
 * <p>Why the command draws its own instead of the engine's {@code progressBar(true)}: whether to
 * redraw one line in place must depend on standard error alone, the stream the bar is on, and only
 * the launcher knows that stream (results usually go to a file or a pipe, which must not turn the bar
 * into a log). On a terminal it redraws one line with {@code \r}; otherwise it prints a plain line at
 * most every {@value #PLAIN_INTERVAL_SECONDS} seconds and at the end, without control characters.
 */
final class ProgressLine implements MapObserver {

    static final int PLAIN_INTERVAL_SECONDS = 5;

    private final PrintStream err;
    private final boolean terminal;
    private long startNanos = System.nanoTime();
    private long total = -1;
    private long done;
    private long lastPlainLine = Long.MIN_VALUE;

    ProgressLine(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(MapInfo map) {
        startNanos = System.nanoTime();
        total = map.total();
        draw(0, total, "", false);
    }

    @Override
    public synchronized void progressed(long mapId, long doneNow, long reportedTotal) {
        done = doneNow;
        total = reportedTotal >= 0 ? reportedTotal : total;
        draw(done, total, "", false);
    }

    @Override
    public synchronized void finished(long mapId, Throwable error, PoolInsights insights) {
        // The engine reports the final count just before this.
        draw(done, total, error == null ? "" : " failed", true);
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    private void draw(long done, long knownTotal, String suffix, boolean last) {
        long now = System.nanoTime();
        if (!terminal && !last && now - lastPlainLine < PLAIN_INTERVAL_SECONDS * 1_000_000_000L
                && lastPlainLine != Long.MIN_VALUE) {
            return;
        }
        lastPlainLine = now;
        String line = line(Math.max(done, 0), knownTotal, (now - startNanos) / 1e9) + suffix;
        err.print(terminal ? "\r" + line + "\033[K" : line + System.lineSeparator());
        err.flush();
    }

    /** One line, e.g. {@code " 45%|#########           | 450/1000 [00:01<00:01, 300.00 tasks/s]"}. */
    static String line(long count, long total, double elapsed) {
        double rate = elapsed > 0 ? count / elapsed : 0;
        if (total >= 0) {
            double fraction = total == 0 ? 1 : Math.min(1, (double) count / total);
            int filled = (int) (fraction * 20);
            String eta = rate > 0 ? clock(Math.max(0, total - count) / rate) : "?";
            return String.format(Locale.ROOT, "%3d%%|%s%s| %d/%d [%s<%s, %.2f tasks/s]", (int) (fraction * 100),
                    "#".repeat(filled), " ".repeat(20 - filled), count, total, clock(elapsed), eta, rate);
        }
        // No total (standard input, a pipe): what is known, without a made-up percentage.
        return String.format(Locale.ROOT, "%d [%s, %.2f tasks/s]", count, clock(elapsed), rate);
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
