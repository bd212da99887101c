package org.mpire4j.api;

import org.mpire4j.api.internal.Engines;

/**
 * Finds the {@link SharedObjects} service: inside OSGi from the service registry, elsewhere with
 * {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * record Results(SharedFloatArray squares, SharedFloatArray sums) implements Serializable {}
 * var shared = new Results(SharedMemory.get().floats(100, false), SharedMemory.get().floats(100, false));
 * }</pre>
 */
public final class SharedMemory {

    private SharedMemory() {
    }

    /**
     * The shared-memory service.
     *
     * @return the service
     * @throws IllegalStateException if the {@code org.mpire4j.shm} module or bundle is not installed
     */
    public static SharedObjects get() {
        return Engines.find(SharedObjects.class, "org.mpire4j.shm");
    }
}
