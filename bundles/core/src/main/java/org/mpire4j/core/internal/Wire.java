package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.mpire4j.core.internal.Messages.ChunkDone;
import org.mpire4j.core.internal.Messages.RunChunk;

/**
 * The byte form of the two messages every chunk costs, {@link RunChunk} and {@link ChunkDone}, for process
 * transports ({@link org.mpire4j.api.spi.BinaryMessage}). Java serialization spent a worker about 100 µs of CPU
 * per chunk on them (stream set-up, class descriptors written and resolved for every frame), several times the
 * work of a chunk of small tasks; this form costs a few microseconds.
 *
 * <p>Layout, in {@link DataWriter}'s form: the kind ({@link #RUN_CHUNK} or {@link #CHUNK_DONE}), the job id
 * and the chunk id (8 bytes each), the chunk's flags ({@link #TIMED}, {@link #PROGRESS}; 0 for results), then
 * the values as {@link Packed} packs them: a primitive array in {@link DataCodec}'s form, or {@link #ENCODED} followed by the
 * data codec's bytes to the end. Values that need classes beside the bytes (records, enums) or that only Java
 * serialization carries have no byte form: their message is serialized as before.
 */
final class Wire {

    static final byte RUN_CHUNK = 1, CHUNK_DONE = 2;
    static final int TIMED = 1, PROGRESS = 2;
    /** The values follow in the data codec's form, to the end of the message. */
    static final byte ENCODED = 0x7f;
    private static final Class<?>[] NO_CLASSES = {};

    private Wire() {
    }

    /**
     * Writes a message's byte form, if its packed values have one.
     *
     * @param out where it goes
     * @param kind {@link #RUN_CHUNK} or {@link #CHUNK_DONE}
     * @param jobId the job
     * @param chunkId the chunk
     * @param flags the chunk's flags
     * @param packed the values as {@link Packed#pack} packed them
     * @return whether it was written; nothing was written if not
     * @throws IOException if {@code out} fails
     */
    static boolean write(OutputStream out, byte kind, long jobId, long chunkId, int flags, Object packed)
            throws IOException {
        boolean primitives = packed instanceof int[] || packed instanceof long[] || packed instanceof double[]
                || packed instanceof Object[] values && values.length == 0;
        DataCodec.Encoded encoded = packed instanceof DataCodec.Encoded e && e.classes().length == 0 ? e : null;
        if (!primitives && encoded == null) {
            return false;
        }
        // The header in the data codec's own form, which read() reads back with the same reader.
        DataWriter writer = new DataWriter();
        try {
            writer.tag(kind);
            writer.int64(jobId);
            writer.int64(chunkId);
            writer.tag((byte) flags);
            if (encoded != null) {
                writer.tag(ENCODED);
                writer.writeTo(out);
                out.write(encoded.data()); // already encoded: not copied into the writer first
            } else {
                writer.value(packed, 0);
                writer.writeTo(out);
            }
        } finally {
            writer.release();
        }
        return true;
    }

    /**
     * Reads a message back from its byte form.
     *
     * @param bytes what {@link #write} wrote, as a transport delivers it
     * @return the {@link RunChunk} or {@link ChunkDone}
     * @throws IllegalStateException if the bytes are not such a message
     */
    static Object read(ByteBuffer bytes) {
        byte[] data = bytes.array();
        int offset = bytes.arrayOffset() + bytes.position();
        if (bytes.arrayOffset() + bytes.limit() != data.length) {
            data = Arrays.copyOfRange(data, offset, bytes.arrayOffset() + bytes.limit());
            offset = 0;
        }
        DataReader reader = new DataReader(data, offset, NO_CLASSES);
        byte kind = reader.tag();
        long jobId = reader.int64();
        long chunkId = reader.int64();
        int flags = reader.tag();
        Object[] values = reader.peek() == ENCODED ? DataCodec.decode(skipTag(reader)) : Packed.unpack(reader.value());
        if (kind == RUN_CHUNK) {
            return new RunChunk(jobId, chunkId, values, (flags & TIMED) != 0, (flags & PROGRESS) != 0);
        }
        if (kind == CHUNK_DONE) {
            return new ChunkDone(jobId, chunkId, values);
        }
        throw new IllegalStateException("Not a message in the engine's byte form: kind " + kind);
    }

    private static DataReader skipTag(DataReader reader) {
        reader.tag();
        return reader;
    }
}
