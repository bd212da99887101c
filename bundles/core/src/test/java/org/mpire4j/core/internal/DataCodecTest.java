package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

import java.io.Serial;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mpire4j.core.internal.Messages.ChunkDone;
import org.mpire4j.core.internal.Messages.ExitResult;

import org.mpire4j.core.internal.Messages.RunChunk;

/** The compact form of common data: every shape comes back equal and of the same class; others fall back. */
class DataCodecTest {

    enum Color { RED, GREEN { @Override public String toString() { return "g"; } } }

    record Point(int x, double y, String label, List<Integer> tags) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    record Plain(int x) {
    }

    private static Object[] roundTrip(Object... values) {
        DataCodec.Encoded encoded = DataCodec.encode(values);
        assertThat("has a compact form: " + Arrays.deepToString(values), encoded, instanceOf(DataCodec.Encoded.class));
        return DataCodec.decode(encoded);
    }

    private static void same(Object value) {
        Object back = roundTrip(value)[0];
        assertThat(back.getClass(), sameInstance(value.getClass()));
        assertThat(Arrays.deepEquals(new Object[] {back}, new Object[] {value}), is(true));
    }

    @Test
    void everyCommonShapeComesBackEqualAndOfItsClass() {
        for (Object value : List.of("", "héllo wörld ✓ 😀", 1, -5L, 2.5, 1.5f, (short) 3, (byte) -2, 'x', true, false,
                new int[] {1, -2}, new long[] {3}, new double[] {0.5, Double.NaN}, new float[] {1f}, new short[] {7},
                new byte[] {1, 2, 3}, new char[] {'a', 'ß', '\uD800'}, new boolean[] {true, false},
                new String[] {"a", null, "ü"}, new Object[] {1, "two", null, new int[] {3}},
                new ArrayList<>(List.of(1, "a")), List.of(), List.of(1), List.of(1, 2, 3),
                new HashMap<>(Map.of("a", 1L, "b", 2L)), new LinkedHashMap<>(Map.of("k", List.of("v"))),
                new TreeMap<>(Map.of("z", 1, "a", 2)), Map.of("one", 1), Map.of(),
                new HashSet<>(Set.of(1, 2)), new LinkedHashSet<>(List.of("b", "a")), new TreeSet<>(Set.of(3, 1)),
                Set.of("s"), Color.RED, Color.GREEN,
                new Point(1, 2.5, "p", List.of(4, 5)))) {
            same(value);
        }
        assertThat(roundTrip((Object) null)[0], nullValue());
    }

    @Test
    void primitiveArraysKeepEveryBitWhateverTheirSize() {
        double oddNaN = Double.longBitsToDouble(0x7ff8_dead_beef_0001L);
        same(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE});
        same(new long[] {Long.MIN_VALUE, -1L, Long.MAX_VALUE});
        same(new short[] {Short.MIN_VALUE, -1, Short.MAX_VALUE});
        same(new char[] {0, 'z', '\uFFFF'});
        same(new float[] {-0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY});
        double[] doubles = (double[]) roundTrip((Object) new double[] {-0.0, oddNaN, Double.MAX_VALUE})[0];
        assertThat(Double.doubleToRawLongBits(doubles[0]), is(Double.doubleToRawLongBits(-0.0)));
        assertThat("a NaN's payload too", Double.doubleToRawLongBits(doubles[1]), is(Double.doubleToRawLongBits(oddNaN)));
        // Large arrays, several in one message, after other values: the buffer grows and offsets add up.
        double[] image = new double[1_001 * 1_001];
        long[] longs = new long[300_000];
        for (int i = 0; i < image.length; i++) {
            image[i] = Math.sin(i);
        }
        for (int i = 0; i < longs.length; i++) {
            longs[i] = i * 0x9E37_79B9_7F4A_7C15L;
        }
        Object[] back = roundTrip("before", image, longs, new int[0], "after");
        assertThat(Arrays.equals((double[]) back[1], image), is(true));
        assertThat(Arrays.equals((long[]) back[2], longs), is(true));
        assertThat(((int[]) back[3]).length, is(0));
        assertThat(back[4], is("after"));
    }

    @Test
    void whatHasNoCompactFormFallsBackToJavaSerialization() {
        List<Object> shared = new ArrayList<>();
        Object[] cycle = new Object[1];
        cycle[0] = cycle;
        for (Object[] values : new Object[][] {
                {new LinkedList<>(List.of(1))},            // not one of the classes
                {LocalDate.of(2026, 12, 1)},               // not one of the classes
                {new Plain(1)},                             // a record that is not serializable
                {shared, shared},                           // sharing that Java serialization keeps
                {cycle},                                    // a cycle
                {Stream.of(1, null).toList()},              // a list with null that List.of cannot hold
                {new Integer[] {1}},                        // an array of another component type
                {"lone \uDC00 surrogate"},                   // UTF-8 cannot carry it; modified UTF-8 can
                {new TreeSet<>(java.util.Comparator.reverseOrder())}}) {
            assertThat(Arrays.deepToString(new Object[] {values}), DataCodec.encode(values), nullValue());
        }
    }

    @Test
    void documentsChunksAndExitResultsTravelCompactly() throws Exception {
        String[] document = {"alpha", "beta", "gamma"};
        assertThat(Packed.pack(new Object[] {document}), instanceOf(DataCodec.Encoded.class));
        RunChunk chunk = (RunChunk) PackedTest.roundTrip(new RunChunk(1, 2, new Object[] {document, new String[0]}, false, false));
        assertThat((String[]) chunk.args()[0], arrayContaining("alpha", "beta", "gamma"));
        ChunkDone done = (ChunkDone) PackedTest.roundTrip(new ChunkDone(1, 2, new Object[] {new Point(1, 2, "x", List.of())}));
        assertThat(done.results()[0], is(new Point(1, 2, "x", List.of())));
        ExitResult exit = (ExitResult) PackedTest.roundTrip(new ExitResult(new HashMap<>(Map.of("ab", 3L))));
        assertThat(exit.value(), is(Map.of("ab", 3L)));
        ExitResult opaque = (ExitResult) PackedTest.roundTrip(new ExitResult(LocalDate.of(2026, 1, 1)));
        assertThat(opaque.value(), is(LocalDate.of(2026, 1, 1)));
    }
}
