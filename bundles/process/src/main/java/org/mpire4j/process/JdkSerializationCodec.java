package org.mpire4j.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.mpire4j.api.spi.BinaryMessage;

/**
 * The default codec: Java serialization, which carries everything a task may hold (serializable
 * lambdas, records, exceptions with their stack traces) without registration. Classes are resolved
 * through a given class loader, so inside OSGi the task's bundle can be used.
 *
 * <p>A {@link BinaryMessage} that writes itself travels as its own bytes behind a one-byte marker, and
 * {@link #decode(byte[])} gives those bytes back as a {@link ByteBuffer} for the engine to read; a Java
 * serialization stream never starts with that byte.
 */
public final class JdkSerializationCodec implements Codec {

    /** The first byte of a {@link BinaryMessage}'s frame (a serialization stream starts with 0xAC). */
    private static final byte BINARY = 1;

    private final ClassLoader loader;

    /**
     * Creates a codec.
     *
     * @param loader the class loader that resolves classes while decoding
     */
    public JdkSerializationCodec(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public byte[] encode(Object message) throws IOException {
        return encode(message, null);
    }

    /**
     * Encodes one message and reports every class in its object graph: a process start method puts
     * their code on the worker's class path.
     *
     * @param message the message
     * @param classes receives each class written, or {@code null}
     * @return its bytes
     * @throws IOException if the message cannot be encoded
     */
    public byte[] encode(Object message, Consumer<Class<?>> classes) throws IOException {
        Buffer bytes = encodeInto(message, classes);
        try {
            return bytes.toByteArray();
        } finally {
            bytes.giveBack();
        }
    }

    /**
     * Encodes one message into the calling thread's buffer, so that a writer can send it as a frame without
     * copying it into an array of its own first (a chunk of documents is a megabyte). The caller gives the
     * buffer back when it has written it.
     *
     * @param message the message
     * @param classes receives each class written, or {@code null}
     * @return the thread's buffer, holding the message
     * @throws IOException if the message cannot be encoded; the buffer is then given back already
     */
    Buffer encodeInto(Object message, Consumer<Class<?>> classes) throws IOException {
        Buffer bytes = Buffer.take();
        if (message instanceof BinaryMessage binary) {
            bytes.write(BINARY);
            try {
                if (binary.writeTo(bytes)) {
                    return bytes;
                }
            } catch (IOException | RuntimeException | Error e) {
                bytes.giveBack();
                throw e;
            }
            bytes.reset(); // it has no byte form: serialized below
        }
        try (ObjectOutputStream out = classes == null ? new ObjectOutputStream(bytes)
                : new ObjectOutputStream(bytes) {
                    @Override
                    protected void annotateClass(Class<?> cl) {
                        classes.accept(cl);
                    }
                }) {
            out.writeObject(message);
        } catch (IOException | RuntimeException | Error e) {
            bytes.giveBack();
            throw e;
        }
        return bytes;
    }

    /**
     * The array a thread encodes its messages into, kept from one message to the next: a message of a few
     * hundred kilobytes (a chunk of 78,000 numbers) otherwise grows a fresh array a dozen times, which cost
     * the parent about a third of its time on small tasks. Only arrays up to {@value #KEPT} bytes are kept.
     */
    static final class Buffer extends ByteArrayOutputStream {
        private static final int KEPT = 1 << 20;
        private static final ThreadLocal<Buffer> OF_THREAD = new ThreadLocal<>();
        private boolean inUse;

        private Buffer() {
            super(8192);
        }

        static Buffer take() {
            Buffer buffer = OF_THREAD.get();
            if (buffer == null || buffer.inUse) { // none yet, or a message encoded while encoding another
                buffer = new Buffer();
                if (OF_THREAD.get() == null) {
                    OF_THREAD.set(buffer);
                }
            }
            buffer.inUse = true;
            return buffer;
        }

        /** Writes what this buffer holds as one frame. */
        void writeFrame(DataOutputStream out) throws IOException {
            Frames.write(out, buf, count);
        }

        void giveBack() {
            inUse = false;
            reset();
            if (buf.length > KEPT) {
                buf = new byte[8192];
            }
        }
    }

    @Override
    public Object decode(byte[] bytes) throws IOException {
        if (bytes.length > 0 && bytes[0] == BINARY) {
            return ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice();
        }
        return decode(new ByteArrayInputStream(bytes));
    }

    /**
     * Decodes one message from a stream, for example over memory mapped from shared memory, without
     * copying it to the heap first.
     *
     * @param input the encoded message
     * @return the message
     * @throws IOException if the bytes are not a message or a class is missing
     */
    public Object decode(InputStream input) throws IOException {
        try (ObjectInputStream in = new LoaderObjectInputStream(input, loader)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException("A class of the message is not visible to the worker: " + e.getMessage()
                    + "; the task's code must be on the worker's class path");
        }
    }

    /** Resolves classes through the codec's loader rather than the caller's. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
