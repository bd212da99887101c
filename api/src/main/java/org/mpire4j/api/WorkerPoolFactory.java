package org.mpire4j.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine: creates pools. Inside OSGi it is a service of the core bundle; outside, the core
 * module provides it to {@link java.util.ServiceLoader}, and {@link WorkerPool#builder()} finds it.
 */
@ProviderType
public interface WorkerPoolFactory {

    /**
     * Creates a pool.
     *
     * @param <S> the type of the shared objects
     * @param settings the pool's settings
     * @return a new pool, whose workers start at its first map or apply
     * @throws IllegalArgumentException if the start method is not installed, or it rejects one of the
     *     settings' options ({@link StartMethod#checkOptions})
     */
    <S> WorkerPool<S> create(PoolSettings<S> settings);

    /**
     * The names of the start methods installed now, the default first.
     *
     * @return the names; empty if none is installed
     */
    List<String> startMethods();

    /**
     * A builder for pools of this factory.
     *
     * @return a new builder
     */
    default PoolBuilder<Void> builder() {
        return new PoolBuilder<>(this);
    }
}
