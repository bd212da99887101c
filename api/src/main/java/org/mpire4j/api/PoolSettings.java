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
 */
public record PoolSettings<S>(int jobs, String startMethod, S sharedObjects, boolean keepAlive, boolean orderTasks,
        boolean enableInsights, Map<String, String> startMethodOptions, java.util.List<MapObserver> observers) {

    /**
     * Checks and copies the settings.
     *
     * @throws IllegalArgumentException if {@code jobs < 1} or the start method name is blank
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
        startMethodOptions = Map.copyOf(Objects.requireNonNull(startMethodOptions, "startMethodOptions"));
        observers = java.util.List.copyOf(Objects.requireNonNull(observers, "observers"));
    }
}
