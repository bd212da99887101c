package org.mpire4j.core.internal;

import java.util.List;
import org.mpire4j.api.PoolSettings;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;

/** Creates pools on the start methods of a catalog; shared by the OSGi component and ServiceLoader. */
class Engine implements WorkerPoolFactory {

    private final StartMethodCatalog catalog;

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
        return new Pool<>(settings, startMethod);
    }

    @Override
    public List<String> startMethods() {
        return catalog.names();
    }
}
