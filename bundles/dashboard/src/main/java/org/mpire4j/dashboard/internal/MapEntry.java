package org.mpire4j.dashboard.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.mpire4j.api.MapObserver.MapInfo;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerInsights;

/**
 * One map on the board. Written by the map's observer calls, read by the server: each change is one
 * write of an immutable value to a volatile field, so readers always see a consistent state.
 */
final class MapEntry {

    /** Longer stack traces are cut to this many characters. */
    static final int MAX_TRACE = 64 * 1024;

    private record Progress(long done, long total) {
    }

    private record Outcome(long endNanos, Throwable error, PoolInsights insights) {
    }

    private final MapInfo info;
    private final long startNanos;
    private final boolean known;
    private volatile Progress progress;
    private volatile Outcome outcome;
    /** The JSON of a finished map, made on first request (finished maps no longer change). */
    private volatile String finishedJson;

    MapEntry(MapInfo info, long startNanos, boolean known) {
        this.info = info;
        this.startNanos = startNanos;
        this.known = known;
        this.progress = new Progress(0, info.total());
    }

    long id() {
        return info.id();
    }

    boolean running() {
        return outcome == null;
    }

    void progressed(long done, long total) {
        if (outcome == null) {
            progress = new Progress(done, total);
        }
    }

    void finished(long endNanos, Throwable error, PoolInsights insights) {
        if (outcome == null) {
            Progress p = progress;
            if (error == null && p.total() < 0) {
                progress = new Progress(p.done(), p.done()); // completed: every task is done
            } else if (error == null && p.done() < p.total()) {
                progress = new Progress(p.total(), p.total());
            }
            outcome = new Outcome(endNanos, error, insights);
        }
    }

    void json(StringBuilder out, long nowNanos) {
        String cached = finishedJson;
        if (cached != null) {
            out.append(cached);
            return;
        }
        Outcome end = outcome; // read first: progress is final once outcome is set
        Progress p = progress;
        StringBuilder json = new StringBuilder(512);
        json.append('{');
        Json.name(json, "id").append(info.id());
        Json.string(Json.name(json, "pool"), info.pool());
        Json.string(Json.name(json, "startMethod"), info.startMethod());
        Json.name(json, "jobs").append(info.jobs());
        Json.string(Json.name(json, "task"), info.task());
        Json.name(json, "startedAt").append(info.startedAtMillis());
        Json.name(json, "observedFromStart").append(known);
        String state = end == null ? "running" : end.error() == null ? "completed" : "failed";
        Json.string(Json.name(json, "state"), state);
        Json.name(json, "done").append(p.done());
        Json.name(json, "total").append(p.total());
        double percent = p.total() > 0 ? Math.min(100.0, 100.0 * p.done() / p.total())
                : p.total() == 0 && end != null ? 100.0 : Double.NaN;
        Json.number(Json.name(json, "percent"), percent);
        long elapsedNanos = Math.max(0, (end == null ? nowNanos : end.endNanos()) - startNanos);
        Json.name(json, "elapsedMillis").append(elapsedNanos / 1_000_000);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? p.done() / seconds : Double.NaN;
        Json.number(Json.name(json, "rate"), rate);
        double eta = end != null ? 0 : p.total() >= 0 && rate > 0 ? (p.total() - p.done()) / rate * 1000 : Double.NaN;
        Json.number(Json.name(json, "etaMillis"), Double.isNaN(eta) ? eta : Math.round(eta));
        Json.name(json, "error");
        error(json, end == null ? null : end.error());
        Json.name(json, "insights");
        insights(json, end == null ? null : end.insights());
        json.append('}');
        if (end != null) {
            finishedJson = json.toString();
        }
        out.append(json);
    }

    private static void error(StringBuilder out, Throwable error) {
        if (error == null) {
            out.append("null");
            return;
        }
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            error.printStackTrace(writer);
        } catch (RuntimeException e) {
            trace.write("(the stack trace could not be printed: " + e + ")");
        }
        String text = trace.toString();
        if (text.length() > MAX_TRACE) {
            text = text.substring(0, MAX_TRACE) + "\n... (cut at " + MAX_TRACE + " characters)";
        }
        out.append('{');
        Json.string(Json.name(out, "type"), error.getClass().getName());
        Json.string(Json.name(out, "message"), String.valueOf(error.getMessage()));
        Json.string(Json.name(out, "stackTrace"), text);
        out.append('}');
    }

    private static void insights(StringBuilder out, PoolInsights insights) {
        if (insights == null || !insights.enabled()) {
            out.append("null");
            return;
        }
        out.append('{');
        Json.name(out, "completedTasks").append(insights.completedTasks());
        Json.number(Json.name(out, "workingRatio"), insights.workingRatio());
        Json.name(out, "efficiencyWarning").append(insights.workingRatio() < 0.8);
        millis(out, "totalTimeMillis", insights.totalTime());
        millis(out, "startUpMillis", insights.totalStartUpTime());
        millis(out, "initMillis", insights.totalInitTime());
        millis(out, "waitingMillis", insights.totalWaitingTime());
        millis(out, "workingMillis", insights.totalWorkingTime());
        millis(out, "exitMillis", insights.totalExitTime());
        Json.name(out, "workers").append('[');
        for (WorkerInsights w : insights.workers()) {
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append('{');
            Json.name(out, "id").append(w.workerId());
            Json.name(out, "tasks").append(w.completedTasks());
            millis(out, "workingMillis", w.workingTime());
            millis(out, "waitingMillis", w.waitingTime());
            long total = w.totalTime().toNanos();
            Json.number(Json.name(out, "workingRatio"),
                    total == 0 ? 0 : (double) w.workingTime().toNanos() / total);
            out.append('}');
        }
        out.append(']');
        Json.name(out, "longestTasks").append('[');
        for (TaskTime t : insights.longestTasks()) {
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append('{');
            millis(out, "millis", t.duration());
            Json.string(Json.name(out, "argument"), t.argument());
            out.append('}');
        }
        out.append(']');
        Json.string(Json.name(out, "summary"), insights.summary());
        out.append('}');
    }

    private static void millis(StringBuilder out, String name, Duration duration) {
        Json.number(Json.name(out, name), duration.toNanos() / 1e6);
    }
}
