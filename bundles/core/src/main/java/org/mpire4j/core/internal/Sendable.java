package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import org.mpire4j.api.Task;

/** Checks in the caller that what process workers will receive can be serialized, naming what cannot. */
final class Sendable {

    /** Functions that passed, held weakly: a map run again with the same task is not serialized twice. */
    private final java.util.Map<Object, Boolean> passed = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Serializes a value to nowhere, unless this same object passed before.
     *
     * @param startMethod the pool's start method, for the message
     * @param what what the value is ("task", "workerInit", ...)
     * @param value the value, or {@code null}
     * @throws IllegalArgumentException if it cannot be serialized, naming the class that stops it
     */
    void check(String startMethod, String what, Object value) {
        if (value == null || passed.containsKey(value)) {
            return;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The " + what + " cannot be sent to the workers of start method '"
                    + startMethod + "': " + e + ". Process workers receive it serialized: make it (and everything"
                    + " it captures) Serializable, or use start method 'thread'", e);
        }
        if (value instanceof Task<?, ?, ?> || value instanceof org.mpire4j.api.WorkerInit<?>
                || value instanceof org.mpire4j.api.WorkerExit<?, ?>) {
            // Functions compare by identity; an apply argument may be mutated, so it is checked every time.
            passed.put(value, Boolean.TRUE);
        }
    }
}
