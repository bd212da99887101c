package org.mpire4j.api;

import java.util.Map;
import java.util.Objects;

/**
 * The settings a pool is created with: what {@link PoolBuilder} collects and a
 * {@link WorkerPoolFactory} receives.
 *
 * @param <S> the type of the shared objects
 * @param jobs the number of workers, at least 1
 * @param startMethod the start method's name, or {@code null} for the default
 * @param sharedObjects the shared objects, or {@code null}
 * @param keepAlive whether workers stay up between maps
 * @param orderTasks whether chunk {@code i} always goes to worker {@code i mod jobs}
 * @param enableInsights whether workers record where their time goes
 * @param startMethodOptions options for the start method, such as {@code virtualThreads=true}
 * @param observers who watches this pool's maps (besides observer services inside OSGi)
 * @param retryLostChunks how many times a chunk or apply lost with a dead worker is re-run before
 *     the map fails, at least 0; see {@link PoolBuilder#retryLostChunks(int)} (since 1.1)
 */
public record PoolSettings<S>(int jobs, String startMethod, S sharedObjects, boolean keepAlive, boolean orderTasks,
        boolean enableInsights, Map<String, String> startMethodOptions, java.util.List<MapObserver> observers,
        int retryLostChunks) {

    /**
     * Checks and copies the settings.
     *
     * @throws IllegalArgumentException if {@code jobs < 1}, the start method name is blank or
     *     {@code retryLostChunks < 0}
     */
    public PoolSettings {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, was " + jobs
                    + ": pass the number of workers, or leave it unset for one per processor");
        }
        if (startMethod != null && startMethod.isBlank()) {
            throw new IllegalArgumentException("startMethod must not be blank: pass a name such as \"thread\","
                    + " or null for the default");
        }
        checkRetryLostChunks(retryLostChunks);
        startMethodOptions = Map.copyOf(Objects.requireNonNull(startMethodOptions, "startMethodOptions"));
        observers = java.util.List.copyOf(Objects.requireNonNull(observers, "observers"));
    }

    /**
     * Settings whose lost work is not re-run ({@code retryLostChunks} 0): the constructor of
     * version 1.0 of this package.
     *
     * @param jobs the number of workers, at least 1
     * @param startMethod the start method's name, or {@code null} for the default
     * @param sharedObjects the shared objects, or {@code null}
     * @param keepAlive whether workers stay up between maps
     * @param orderTasks whether chunk {@code i} always goes to worker {@code i mod jobs}
     * @param enableInsights whether workers record where their time goes
     * @param startMethodOptions options for the start method
     * @param observers who watches this pool's maps
     * @throws IllegalArgumentException if {@code jobs < 1} or the start method name is blank
     */
    public PoolSettings(int jobs, String startMethod, S sharedObjects, boolean keepAlive, boolean orderTasks,
            boolean enableInsights, Map<String, String> startMethodOptions, java.util.List<MapObserver> observers) {
        this(jobs, startMethod, sharedObjects, keepAlive, orderTasks, enableInsights, startMethodOptions, observers, 0);
    }

    static void checkRetryLostChunks(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retryLostChunks must be >= 0, was " + maxRetries
                    + ": pass how many times work lost with a dead worker may be re-run, or 0 to fail the map");
        }
    }
}
