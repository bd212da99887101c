package org.mpire4j.hazelcast.internal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Resolves the classes of what a worker sends back (results, exceptions) in the parent: the engine's
 * loader first, then the loaders of the code the worker runs (inside OSGi, the task's bundle).
 */
final class CodeLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Set<ClassLoader> loaders = new CopyOnWriteArraySet<>();

    CodeLoader(ClassLoader parent, Iterable<Class<?>> code) {
        super("mpire4j-hazelcast-code", parent);
        for (Class<?> c : code) {
            ClassLoader loader = c.getClassLoader();
            if (loader != null && loader != parent) {
                loaders.add(loader);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader l : loaders) {
            try {
                return Class.forName(name, false, l);
            } catch (ClassNotFoundException e) {
                // try the next
            }
        }
        throw new ClassNotFoundException(name);
    }
}
