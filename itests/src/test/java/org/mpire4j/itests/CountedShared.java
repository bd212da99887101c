package org.mpire4j.itests;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared objects that count, in each JVM (per class loader), how often they are serialized and
 * deserialized there. No OSGi type in sight: members load this class from this bundle's jar.
 */
final class CountedShared implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final AtomicInteger SERIALIZED = new AtomicInteger();
    static final ConcurrentHashMap<String, AtomicInteger> DESERIALIZED = new ConcurrentHashMap<>();

    final String id = UUID.randomUUID().toString();

    /** How often the JVM running this decoded the shared objects, and its pid. */
    static long[] copiesHere(CountedShared shared) {
        return new long[] {ProcessHandle.current().pid(), DESERIALIZED.get(shared.id).get()};
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        SERIALIZED.incrementAndGet();
        out.defaultWriteObject();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALIZED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }
}
