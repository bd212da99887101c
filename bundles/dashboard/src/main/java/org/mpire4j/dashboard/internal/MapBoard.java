package org.mpire4j.dashboard.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpire4j.api.MapObserver.MapInfo;
import org.mpire4j.api.PoolInsights;

/**
 * The maps a dashboard shows: every running map and the last few finished ones. Observer calls
 * touch only concurrent collections and volatile fields (no locks, no I/O); the server reads a
 * snapshot as JSON.
 */
public final class MapBoard {

    private final int maxFinished;
    private final Map<Long, MapEntry> maps = new ConcurrentHashMap<>();
    private final Queue<Long> finishedOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();

    /**
     * Creates an empty board.
     *
     * @param maxFinished how many finished maps to keep
     */
    public MapBoard(int maxFinished) {
        this.maxFinished = maxFinished;
    }

    /**
     * A map started.
     *
     * @param info the map
     */
    public void started(MapInfo info) {
        maps.put(info.id(), new MapEntry(info, System.nanoTime(), true));
    }

    /**
     * A map progressed.
     *
     * @param mapId the map
     * @param done tasks done
     * @param total tasks in all, or -1
     */
    public void progressed(long mapId, long done, long total) {
        entry(mapId, total).progressed(done, total);
    }

    /**
     * A map ended.
     *
     * @param mapId the map
     * @param error why it failed, or null
     * @param insights the pool's insights, or null
     */
    public void finished(long mapId, Throwable error, PoolInsights insights) {
        MapEntry entry = entry(mapId, -1);
        if (!entry.running()) {
            return;
        }
        entry.finished(System.nanoTime(), error, insights);
        finishedOrder.add(mapId);
        if (finishedCount.incrementAndGet() > maxFinished) {
            Long oldest = finishedOrder.poll();
            if (oldest != null) {
                maps.remove(oldest);
                finishedCount.decrementAndGet();
            }
        }
    }

    /** A map this board did not see start (it was added to the pool, or the framework, mid-map). */
    private MapEntry entry(long mapId, long total) {
        MapEntry entry = maps.get(mapId);
        if (entry != null) {
            return entry;
        }
        return maps.computeIfAbsent(mapId, id -> new MapEntry(
                new MapInfo(id, "?", "?", 0, "?", total, System.currentTimeMillis()), System.nanoTime(), false));
    }

    /**
     * The board as JSON: {@code {"now": millis, "running": n, "finished": n, "maps": [...]}}, newest
     * map first.
     *
     * @return the JSON text
     */
    public String json() {
        long nowNanos = System.nanoTime();
        List<MapEntry> entries = new ArrayList<>(maps.values());
        entries.sort(Comparator.comparingLong(MapEntry::id).reversed());
        long running = entries.stream().filter(MapEntry::running).count();
        StringBuilder out = new StringBuilder(256 + 1024 * entries.size());
        out.append('{');
        Json.name(out, "now").append(System.currentTimeMillis());
        Json.name(out, "running").append(running);
        Json.name(out, "finished").append(entries.size() - running);
        Json.name(out, "maps").append('[');
        boolean first = true;
        for (MapEntry entry : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            entry.json(out, nowNanos);
        }
        return out.append("]}").toString();
    }
}
