package org.mpire4j.api.internal;

import java.util.ServiceLoader;
import org.mpire4j.api.WorkerPoolFactory;

/**
 * Finds the implementations behind the api's static entry points: the OSGi service first, then
 * {@link ServiceLoader}.
 */
public final class Engines {

    private Engines() {
    }

    /**
     * Finds the engine.
     *
     * @return the factory
     * @throws IllegalStateException if none is installed
     */
    public static WorkerPoolFactory find() {
        return find(WorkerPoolFactory.class, "org.mpire4j.core");
    }

    /**
     * Finds an implementation of a service type.
     *
     * @param <T> the service type
     * @param type the service type
     * @param provider the module and bundle that provides it, for the error message
     * @return the implementation
     * @throws IllegalStateException if none is installed
     */
    public static <T> T find(Class<T> type, String provider) {
        T fromFramework = OsgiEngines.find(type, provider);
        if (fromFramework != null) {
            return fromFramework;
        }
        return ServiceLoader.load(type, type.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(type).findFirst())
                .orElseThrow(() -> new IllegalStateException("No " + type.getSimpleName() + " implementation found:"
                        + " put the " + provider + " jar on the class or module path, or install and start the "
                        + provider + " bundle"));
    }
}
