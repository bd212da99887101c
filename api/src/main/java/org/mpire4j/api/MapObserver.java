package org.mpire4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Watches maps as they run: a dashboard, a metrics exporter, a log. Register one with
 * {@link PoolBuilder#observer(MapObserver)}, or inside OSGi as a service (every pool then reports
 * to it). Calls come from the thread that runs the map, at most about ten times a second per map for
 * progress: keep them short and never block; an observer that throws is ignored.
 */
@ConsumerType
public interface MapObserver {

    /**
     * A map started.
     *
     * @param map what it is
     */
    void started(MapInfo map);

    /**
     * A map made progress.
     *
     * @param mapId the map's {@link MapInfo#id()}
     * @param done tasks completed so far
     * @param total the number of tasks, or -1 while unknown
     */
    void progressed(long mapId, long done, long total);

    /**
     * A map ended.
     *
     * @param mapId the map's {@link MapInfo#id()}
     * @param error why it failed, or {@code null} if it completed
     * @param insights the pool's insights at the end (empty figures unless enabled)
     */
    void finished(long mapId, Throwable error, PoolInsights insights);

    /**
     * A map, as observers see it.
     *
     * @param id unique in this JVM
     * @param pool the pool's name
     * @param startMethod the start method's name
     * @param jobs the number of workers
     * @param task the task, in words (its class name)
     * @param total the number of tasks, or -1 while unknown
     * @param startedAtMillis when it started, in milliseconds since the epoch
     */
    record MapInfo(long id, String pool, String startMethod, int jobs, String task, long total,
            long startedAtMillis) {
    }
}
