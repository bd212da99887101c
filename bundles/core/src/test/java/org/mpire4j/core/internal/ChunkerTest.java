package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mpire4j.api.MapOptions;

/** MPIRE's chunking rules (test_utils / test_params): sizes, fractions, hints and defaults. */
class ChunkerTest {

    private static List<Integer> sizes(Chunker chunker) {
        List<Integer> sizes = new ArrayList<>();
        for (Object[] chunk; (chunk = chunker.next()) != null;) {
            sizes.add(chunk.length);
        }
        return sizes;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void fractionalChunkSizesAccumulate() {
        Chunker chunker = Chunker.of(range(10), MapOptions.defaults().nSplits(4), 1);
        assertThat(chunker.chunkSize(), is(2.5));
        assertThat(sizes(chunker), contains(3, 2, 3, 2));
    }

    @Test
    void automaticChunkSizeIsTasksOverJobsTimes64() {
        assertThat(Chunker.chunkSize(MapOptions.defaults(), 100_000, 3), closeTo(100_000 / 192.0, 1e-9));
        assertThat(sizes(Chunker.of(range(1280), MapOptions.defaults(), 2)).size(), is(128));
    }

    @Test
    void smallInputsGetChunksOfOne() {
        assertThat(Chunker.chunkSize(MapOptions.defaults(), 11, 3), is(1.0));
    }

    @Test
    void unknownLengthUsesFour() {
        Iterable<Integer> lazy = () -> range(10).iterator();
        assertThat(sizes(Chunker.of(lazy, MapOptions.defaults(), 2)), contains(4, 4, 2));
    }

    @Test
    void explicitChunkSizeWins() {
        assertThat(sizes(Chunker.of(range(7), MapOptions.defaults().chunkSize(3).nSplits(1), 2)), contains(3, 3, 1));
    }

    @Test
    void lengthHintSizesChunksAndTruncates() {
        Iterable<Integer> lazy = () -> range(1000).iterator();
        Chunker chunker = Chunker.of(lazy, MapOptions.defaults().length(10).nSplits(2), 2);
        assertThat(sizes(chunker), contains(5, 5));
        assertThat(chunker.taken(), is(10L));
    }

    @Test
    void emptyInputHasNoChunks() {
        assertThat(sizes(Chunker.of(List.of(), MapOptions.defaults(), 2)), is(empty()));
    }

    @Test
    void defaultMaxTasksActiveIsJobsTimesCeilChunkTimesTwo() {
        assertThat(Chunker.defaultMaxTasksActive(1, 10), is(20));
        assertThat(Chunker.defaultMaxTasksActive(2, 1.8), is(8));
        assertThat(Chunker.defaultMaxTasksActive(4, 3.14), is(32));
    }

    @Test
    void badOptionsNameTheValueAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapOptions.defaults().chunkSize(0));
        assertThat(e.getMessage(), containsString("chunkSize must be >= 1, was 0"));
        e = assertThrows(IllegalArgumentException.class,
                () -> MapOptions.defaults().taskTimeout(java.time.Duration.ofSeconds(-1)));
        assertThat(e.getMessage(), containsString("taskTimeout must be positive, was PT-1S"));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().maxTasksActive(-3));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().workerLifespan(0));
        assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().length(-1));
    }
}
