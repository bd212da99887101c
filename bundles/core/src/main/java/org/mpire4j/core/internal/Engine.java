package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolSettings;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;

/** Creates pools on the start methods of a catalog; shared by the OSGi component and ServiceLoader. */
class Engine implements WorkerPoolFactory {

    private final StartMethodCatalog catalog;
    /** Observers of every pool's maps: the OSGi whiteboard of MapObserver services. */
    final List<MapObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Open pools and their start methods; weak, so a pool nobody closed does not live forever. */
    private final Map<Pool<?>, StartMethod> pools = Collections.synchronizedMap(new WeakHashMap<>());

    Engine(StartMethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public <S> WorkerPool<S> create(PoolSettings<S> settings) {
        String name = settings.startMethod() != null ? settings.startMethod() : catalog.defaultName();
        if (name == null) {
            throw new IllegalStateException("No start method is installed: add the org.mpire4j.thread bundle (or"
                    + " another start method) to the framework, class path or module path");
        }
        StartMethod startMethod = catalog.find(name);
        if (startMethod == null) {
            throw new IllegalArgumentException("Unknown start method '" + name + "': installed are "
                    + catalog.names() + "; pick one of them or install the bundle that provides '" + name + "'");
        }
        Pool<S> pool = new Pool<>(settings, startMethod, observers);
        pools.put(pool, startMethod);
        return pool;
    }

    /**
     * A start method went away (its bundle stopped): the pools using it fail cleanly, now.
     *
     * @param startMethod the start method
     * @param name its name
     */
    void startMethodRemoved(StartMethod startMethod, String name) {
        List<Pool<?>> affected = new ArrayList<>();
        synchronized (pools) {
            pools.forEach((pool, used) -> {
                if (used == startMethod) {
                    affected.add(pool);
                }
            });
            affected.forEach(pools::remove);
        }
        for (Pool<?> pool : affected) {
            pool.abandon("Start method '" + name + "' was stopped or uninstalled while this pool used it;"
                    + " build a new pool once a start method is available");
        }
    }

    @Override
    public List<String> startMethods() {
        return catalog.names();
    }
}
