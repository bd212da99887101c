package org.mpire4j.core.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.spi.BinaryMessage;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerTraining;
import org.mpire4j.core.internal.Messages.Configure;
import org.mpire4j.core.internal.Messages.RunApply;
import org.mpire4j.core.internal.Messages.RunChunk;
import org.mpire4j.core.internal.Messages.Stop;

/**
 * The engine's {@link WorkerTraining}: a worker loop's life over the messages a parent sends (a
 * configuration with serializable lambdas, chunks of numbers, of strings and documents, of arrays and
 * collections, an apply, the stop), each carried as a process channel carries it (chunks and results in their
 * byte form, {@link Wire}; the rest with Java serialization), and every message the loop sends back likewise.
 * Found by {@link java.util.ServiceLoader} (META-INF/services) in the JVM that trains a worker AOT cache.
 */
public final class EngineTraining implements WorkerTraining {

    /** Lives run: enough calls for the JIT's profiles, a fraction of a second in all. */
    private static final int LIVES = 300;

    private static final Task<Object, Object, Object> ECHO = (context, argument) -> argument;
    private static final WorkerInit<Object> INIT = context -> context.state().put("seen", 0);
    private static final WorkerExit<Object, Object> EXIT = context -> new HashMap<>(context.state());

    /** For {@link java.util.ServiceLoader}. */
    public EngineTraining() {
    }

    @Override
    public void train() throws Exception {
        String[] document = "the quick brown fox jumps over the lazy dog".split(" ");
        for (int life = 0; life < LIVES; life++) {
            List<Object> fromParent = List.of(
                    new Configure(ECHO, INIT, EXIT, life % 2 == 0, life % 3 == 0),
                    new RunChunk(1, 0, new Object[] {1, 2, 3, life}, false, true),
                    new RunChunk(1, 1, new Object[] {"alpha", "beta", "gamma"}, life % 2 == 0, false),
                    new RunChunk(1, 2, new Object[] {document, document.clone()}, false, false),
                    new RunChunk(1, 3, new Object[] {new double[] {0.5, life}, new long[] {life}, 2.5, 7L,
                            new int[] {life}, List.of("a", "b"), Map.of("k", life)}, false, false),
                    new RunApply(2, ECHO, life, true),
                    new Stop(life % 2 == 0));
            Queue<Object> inbox = new ArrayDeque<>();
            for (Object message : fromParent) {
                inbox.add(throughAChannel(message));
            }
            new WorkerLoop(null).run(0, new WorkerEndpoint() {
                @Override
                public Object receive() {
                    return inbox.remove();
                }

                @Override
                public void send(Object message) throws IOException {
                    throughAChannel(message);
                }
            });
        }
    }

    /** As a process transport carries it: in its byte form where it has one, else Java serialization. */
    private static Object throughAChannel(Object message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (message instanceof BinaryMessage binary && binary.writeTo(bytes)) {
            return ByteBuffer.wrap(bytes.toByteArray()); // the worker loop reads it back, as from a channel
        }
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage());
        }
    }
}
