package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.mpire4j.core.internal.Messages.ChunkDone;

import org.mpire4j.core.internal.Messages.RunChunk;

/** Chunks of boxed numbers travel as primitive arrays, other common data compactly, the rest as it is. */
class PackedTest {

    @Test
    void boxedNumbersOfOneTypePackIntoPrimitiveArrays() {
        assertThat(Packed.pack(new Object[] {1, 2, 3}), instanceOf(int[].class));
        assertThat(Packed.pack(new Object[] {1L, 2L}), instanceOf(long[].class));
        assertThat(Packed.pack(new Object[] {1.5, 2.5}), instanceOf(double[].class));
        assertThat(Packed.unpack(Packed.pack(new Object[] {1, 2, 3})), arrayContaining(1, 2, 3));
    }

    @Test
    void mixedOrNullValuesTravelCompactlyAndOthersAsTheyAre() {
        assertThat(Packed.pack(new Object[] {1, 2L}), instanceOf(DataCodec.Encoded.class));
        assertThat(Packed.unpack(Packed.pack(new Object[] {1, null})), arrayContaining(1, null));
        Object[] opaque = {new java.util.LinkedList<>()};
        assertThat(Packed.pack(opaque), sameInstance(opaque));
        Object[] empty = {};
        assertThat(Packed.pack(empty), sameInstance(empty));
    }

    /** Java serialization there and back, as a worker process's channel carries a message. */
    static Object roundTrip(Object message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void chunksAndResultsSurviveSerialization() throws Exception {
        RunChunk chunk = (RunChunk) roundTrip(new RunChunk(7, 3, new Object[] {4, 5, 6}, true, false));
        assertThat(chunk.jobId(), is(7L));
        assertThat(chunk.chunkId(), is(3L));
        assertThat(chunk.args(), arrayContaining(4, 5, 6));
        assertThat(chunk.timed(), is(true));
        ChunkDone done = (ChunkDone) roundTrip(new ChunkDone(7, 3, new Object[] {"x", 2}));
        assertThat(done.results(), arrayContaining("x", 2));
    }
}
