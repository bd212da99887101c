package org.mpire4j.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;

/**
 * The maps seen in this framework, running and finished, for {@code mpire:maps}. It is the shell
 * component's {@link MapObserver}: every pool of the engine reports to it. Only memory is updated
 * here, never blocking, as observers must. Finished maps beyond {@link #MAX_FINISHED} are forgotten,
 * oldest first.
 */
final class MapTable implements MapObserver {

    /** How many finished maps are kept. */
    static final int MAX_FINISHED = 100;

    /** One map's state; written by the map's thread, read by the shell. */
    static final class Row {
        final MapInfo info;
        volatile long done;
        volatile long total;
        volatile String state = "running";
        volatile long endedAtMillis;

        Row(MapInfo info) {
            this.info = info;
            this.total = info.total();
        }
    }

    private final Map<Long, Row> rows = new ConcurrentHashMap<>();

    @Override
    public void started(MapInfo map) {
        rows.put(map.id(), new Row(map));
    }

    @Override
    public void progressed(long mapId, long done, long total) {
        Row row = rows.get(mapId);
        if (row != null) {
            row.done = done;
            row.total = total;
        }
    }

    @Override
    public void finished(long mapId, Throwable error, PoolInsights insights) {
        Row row = rows.get(mapId);
        if (row == null) {
            return;
        }
        row.endedAtMillis = System.currentTimeMillis();
        if (!"cancelled".equals(row.state)) {
            row.state = error == null ? "done" : "failed";
        }
        forgetOldFinished();
    }

    /**
     * Marks a map as cancelled, before its pool is terminated (its end then reads as a failure).
     *
     * @param mapId the map
     */
    void cancelled(long mapId) {
        Row row = rows.get(mapId);
        if (row != null) {
            row.state = "cancelled";
        }
    }

    /**
     * Whether a map was cancelled with {@link #cancelled(long)}.
     *
     * @param mapId the map
     * @return whether it was
     */
    boolean isCancelled(long mapId) {
        Row row = rows.get(mapId);
        return row != null && "cancelled".equals(row.state);
    }

    /**
     * Whether a map is known (running, or finished and not yet forgotten).
     *
     * @param mapId the map
     * @return whether it is listed
     */
    boolean contains(long mapId) {
        return rows.containsKey(mapId);
    }

    /**
     * The table, oldest map first, one line per map, under a header.
     *
     * @return the lines
     */
    List<String> lines() {
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingLong(row -> row.info.id()));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %-9s %-10s %4s %-22s %-7s %9s  %s",
                "ID", "STATE", "METHOD", "JOBS", "PROGRESS", "", "ELAPSED", "TASK"));
        long now = System.currentTimeMillis();
        for (Row row : sorted) {
            long total = row.total;
            String progress = total >= 0 ? row.done + "/" + total : row.done + "/?";
            String percent = total > 0 ? String.format(Locale.ROOT, "%5.1f%%", 100.0 * row.done / total) : "";
            long end = row.endedAtMillis == 0 ? now : row.endedAtMillis;
            lines.add(String.format(Locale.ROOT, "%-6d %-9s %-10s %4d %-22s %-7s %8.1fs  %s", row.info.id(), row.state,
                    row.info.startMethod(), row.info.jobs(), progress, percent,
                    Math.max(0, end - row.info.startedAtMillis()) / 1000.0, row.info.task()));
        }
        return lines;
    }

    private void forgetOldFinished() {
        List<Row> finished = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.endedAtMillis != 0) {
                finished.add(row);
            }
        }
        if (finished.size() > MAX_FINISHED) {
            finished.sort(Comparator.comparingLong(row -> row.endedAtMillis));
            for (Row old : finished.subList(0, finished.size() - MAX_FINISHED)) {
                rows.remove(old.info.id());
            }
        }
    }
}
