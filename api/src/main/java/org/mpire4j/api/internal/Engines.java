package org.mpire4j.api.internal;

import java.util.ServiceLoader;
import org.mpire4j.api.WorkerPoolFactory;

/** Finds the engine for {@code WorkerPool.builder()}: the OSGi service first, then ServiceLoader. */
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
        WorkerPoolFactory fromFramework = OsgiEngines.find();
        if (fromFramework != null) {
            return fromFramework;
        }
        return ServiceLoader.load(WorkerPoolFactory.class, WorkerPoolFactory.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(WorkerPoolFactory.class).findFirst())
                .orElseThrow(() -> new IllegalStateException("No mpire4j engine found: put the org.mpire4j.core"
                        + " jar (and a start method such as org.mpire4j.thread) on the class or module path,"
                        + " or install and start the org.mpire4j.core bundle"));
    }
}
