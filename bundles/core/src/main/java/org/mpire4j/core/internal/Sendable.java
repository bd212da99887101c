package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/** Checks in the caller that what process workers will receive can be serialized, naming what cannot. */
final class Sendable {

    private Sendable() {
    }

    /**
     * Serializes a value to nowhere.
     *
     * @param startMethod the pool's start method, for the message
     * @param what what the value is ("task", "workerInit", ...)
     * @param value the value, or {@code null}
     * @throws IllegalArgumentException if it cannot be serialized, naming the class that stops it
     */
    static void check(String startMethod, String what, Object value) {
        if (value == null) {
            return;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The " + what + " cannot be sent to the workers of start method '"
                    + startMethod + "': " + e + ". Process workers receive it serialized: make it (and everything"
                    + " it captures) Serializable, or use start method 'thread'", e);
        }
    }
}
