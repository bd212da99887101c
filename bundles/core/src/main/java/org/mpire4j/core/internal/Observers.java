package org.mpire4j.core.internal;

import java.util.List;
import java.util.function.Supplier;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;

/**
 * Tells a pool's observers about one map: at its start, at most ten times a second as it
 * progresses, and at its end. An observer that throws is logged once and ignored: watching a map
 * must never break it. Used by the map's caller thread only.
 */
final class Observers {

    private static final System.Logger LOG = System.getLogger(Observers.class.getName());
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final List<MapObserver> observers;
    private final long mapId;
    private long lastReport = System.nanoTime() - INTERVAL_NANOS;

    Observers(List<MapObserver> observers, long mapId) {
        this.observers = observers;
        this.mapId = mapId;
    }

    boolean isEmpty() {
        return observers.isEmpty();
    }

    void started(MapObserver.MapInfo info) {
        each(o -> o.started(info));
    }

    void progressed(long done, long total, boolean force) {
        long now = System.nanoTime();
        if (!observers.isEmpty() && (force || now - lastReport >= INTERVAL_NANOS)) {
            lastReport = now;
            each(o -> o.progressed(mapId, done, total));
        }
    }

    void finished(Throwable error, Supplier<PoolInsights> insights) {
        if (!observers.isEmpty()) {
            PoolInsights figures = insights.get();
            each(o -> o.finished(mapId, error, figures));
        }
    }

    private void each(java.util.function.Consumer<MapObserver> call) {
        for (MapObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Map observer " + observer + " failed; ignored", e);
            }
        }
    }
}
