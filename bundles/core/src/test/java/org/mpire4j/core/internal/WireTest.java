package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpire4j.api.spi.BinaryMessage;
import org.mpire4j.core.internal.Messages.ChunkDone;
import org.mpire4j.core.internal.Messages.RunChunk;

/**
 * The byte form of chunks and results ({@link Wire}): whatever has one comes back equal, ids and flags
 * included; whatever needs classes beside the bytes, or Java serialization, writes nothing and says so.
 */
class WireTest {

    record Point(int x, int y) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Not a shape of the compact form: only Java serialization carries it. */
    static final class Custom implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private static byte[] written(BinaryMessage message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat("has a byte form", message.writeTo(out), is(true));
        return out.toByteArray();
    }

    private static RunChunk chunkBack(Object[] args, boolean timed, boolean progress) throws IOException {
        Object back = Wire.read(ByteBuffer.wrap(written(new RunChunk(7, 1L << 40, args, timed, progress))));
        assertThat(back, instanceOf(RunChunk.class));
        RunChunk chunk = (RunChunk) back;
        assertThat(chunk.jobId(), is(7L));
        assertThat(chunk.chunkId(), is(1L << 40));
        assertThat(chunk.timed(), is(timed));
        assertThat(chunk.progress(), is(progress));
        return chunk;
    }

    @Test
    void chunksOfNumbersStringsDocumentsAndCollectionsComeBackEqual() throws IOException {
        String[] document = {"the", "quick", "brøwn", "fox ✓"};
        List<Object[]> chunks = List.of(new Object[] {1, 2, -3}, new Object[] {1L, Long.MIN_VALUE},
                new Object[] {0.5, Double.NaN}, new Object[] {"alpha", "", "ünïcode 😀"},
                new Object[] {document, document.clone()}, new Object[] {1, 2L, "mixed", null},
                new Object[] {List.of("a", "b"), Map.of("k", 1), new int[] {4, 5}}, new Object[] {});
        for (Object[] args : chunks) {
            RunChunk back = chunkBack(args, false, false);
            assertThat(Arrays.deepToString(args), Arrays.deepEquals(back.args(), args), is(true));
        }
    }

    @Test
    void aChunkKeepsItsFlags() throws IOException {
        assertThat(chunkBack(new Object[] {1}, true, false).timed(), is(true));
        assertThat(chunkBack(new Object[] {1}, false, true).progress(), is(true));
        RunChunk both = chunkBack(new Object[] {"x"}, true, true);
        assertThat(both.timed() && both.progress(), is(true));
    }

    @Test
    void resultsComeBackEqualWithTheirIds() throws IOException {
        for (Object[] results : List.of(new Object[] {9, 16}, new Object[] {"a", null}, new Object[] {})) {
            Object back = Wire.read(ByteBuffer.wrap(written(new ChunkDone(3, 4, results))));
            assertThat(back, instanceOf(ChunkDone.class));
            ChunkDone done = (ChunkDone) back;
            assertThat(done.jobId(), is(3L));
            assertThat(done.chunkId(), is(4L));
            assertThat(Arrays.deepEquals(done.results(), results), is(true));
        }
        Object empty = Wire.read(ByteBuffer.wrap(written(new ChunkDone(3, 5, new Object[0]))));
        assertThat(((ChunkDone) empty).results(), is(emptyArray()));
    }

    @Test
    void valuesThatNeedClassesOrJavaSerializationWriteNothing() throws IOException {
        for (Object[] args : List.of(new Object[] {new Point(1, 2)}, new Object[] {Thread.State.NEW},
                new Object[] {new Custom()}, new Object[] {"ok", new Custom()})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(Arrays.deepToString(args), new RunChunk(1, 2, args, false, false).writeTo(out), is(false));
            assertThat(out.size(), is(0));
            assertThat(new ChunkDone(1, 2, args).writeTo(out), is(false));
            assertThat(out.size(), is(0));
        }
    }

    @Test
    void readsFromAnyPartOfABuffer() throws IOException {
        byte[] message = written(new ChunkDone(1, 2, new Object[] {"in", "the", "middle"}));
        byte[] padded = new byte[message.length + 10];
        System.arraycopy(message, 0, padded, 3, message.length);
        ChunkDone back = (ChunkDone) Wire.read(ByteBuffer.wrap(padded, 3, message.length).slice());
        assertThat(back.results(), arrayContaining("in", "the", "middle"));
    }

    @Test
    void somethingElseIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Wire.read(ByteBuffer.wrap(new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        DataCodec.OBJECTS, 0})));
        assertThat(e.getMessage(), containsString("kind 9"));
    }
}
