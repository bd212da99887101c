package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;

/** The map family on every start method (MPIRE's MapTest): results, order, laziness, bounds. */
@Timeout(60)
class MapFamilyTest {

    private static final Task<Object, Integer, Integer> SQUARE = (ctx, x) -> x * x;

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        StartMethods.all().forEach(method -> {
            boolean process = StartMethods.isProcess(method);
            // Every worker start of a process start method is a JVM start: fewer restarts there.
            for (int jobs : process ? new int[] {2} : new int[] {1, 2, 3}) {
                for (int lifespan : process ? new int[] {0, 3} : new int[] {0, 1, 2}) {
                    all.add(Arguments.of(method, jobs, lifespan));
                }
            }
        });
        return all.stream();
    }

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(x -> x * x).boxed().toList();
    }

    private static MapOptions<Object> options(int lifespan) {
        MapOptions<Object> options = MapOptions.defaults().maxTasksActive(2);
        return lifespan > 0 ? options.workerLifespan(lifespan) : options;
    }

    @ParameterizedTest(name = "{0}, jobs={1}, lifespan={2}")
    @MethodSource("configurations")
    void everyMapVariantReturnsEveryResult(String method, int jobs, int lifespan) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, jobs).build()) {
            int n = StartMethods.isProcess(method) ? 12 : 100;
            assertThat(pool.map(SQUARE, range(n), options(lifespan)), equalTo(squares(n)));
            assertThat(pool.mapUnordered(SQUARE, range(n), options(lifespan)), containsInAnyOrder(squares(n).toArray()));
            try (Stream<Integer> results = pool.imap(SQUARE, range(n), options(lifespan))) {
                assertThat(results.toList(), equalTo(squares(n)));
            }
            try (Stream<Integer> results = pool.imapUnordered(SQUARE, range(n), options(lifespan))) {
                assertThat(results.toList(), containsInAnyOrder(squares(n).toArray()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void lazyInputWithALengthHintAndEmptyInput(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            Iterable<Integer> lazy = () -> range(50).iterator();
            assertThat(pool.map(SQUARE, lazy, MapOptions.defaults().length(50)), equalTo(squares(50)));
            assertThat(pool.map(SQUARE, lazy), equalTo(squares(50)));
            assertThat(pool.map(SQUARE, range(0)), is(empty()));
            assertThat(pool.mapUnordered(SQUARE, List.<Integer>of()), is(empty()));
            try (Stream<Integer> results = pool.imap(SQUARE, List.<Integer>of())) {
                assertThat(results.toList(), is(empty()));
            }
            // A length hint shorter than the input truncates it, as MPIRE's iterable_len does.
            assertThat(pool.map(SQUARE, lazy, MapOptions.defaults().length(5)), equalTo(squares(5)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void streamsAreAcceptedThroughIterable(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            Stream<Integer> input = IntStream.range(0, 20).boxed();
            assertThat(pool.map(SQUARE, input::iterator), equalTo(squares(20)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void imapOverInfiniteInputReadsOnlyAsFarAsTheCap(String method) {
        AtomicLong pulled = new AtomicLong();
        Iterable<Integer> infinite = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return (int) pulled.getAndIncrement();
            }
        };
        int cap = 16;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build();
                Stream<Integer> results = pool.imap(SQUARE, infinite, MapOptions.defaults().maxTasksActive(cap))) {
            assertThat(results.limit(1000).toList(), equalTo(squares(1000)));
            // Tasks taken but not handed over never exceed the cap by more than one chunk (4 for unknown length).
            assertThat(pulled.get(), lessThanOrEqualTo(1000L + cap + Chunker.UNKNOWN_LENGTH_CHUNK_SIZE));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aMapWhileAnImapIsOpenIsRefusedAndClosingTheStreamEndsIt(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            Stream<Integer> open = pool.imap(SQUARE, range(1000));
            assertThat(open.iterator().next(), is(0));
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pool.map(SQUARE, range(3)));
            assertThat(refused.getMessage(), containsString("another map is running"));
            open.close();
            assertThat(pool.map(SQUARE, range(3)), equalTo(squares(3)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aClosedPoolRefusesWork(String method) {
        WorkerPool<Void> pool = StartMethods.pool(method, 2).build();
        assertThat(pool.map(SQUARE, range(4)), equalTo(squares(4)));
        pool.close();
        pool.close(); // idempotent
        assertThat(pool.isClosed(), is(true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.map(SQUARE, range(3)));
        assertThat(e.getMessage(), containsString("closed"));
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(SQUARE, 3));
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void applyAndApplyAsync(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            int nine = pool.apply(SQUARE, 3);
            assertThat(nine, is(9));
            List<java.util.concurrent.CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.applyAsync(SQUARE, i));
            }
            List<Integer> results = new ArrayList<>();
            for (var future : futures) {
                results.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(results, equalTo(squares(20)));
            // A callback, MPIRE's callback=, runs when the result arrives.
            var seen = new java.util.concurrent.CompletableFuture<Integer>();
            pool.applyAsync(SQUARE, 7).thenAccept(seen::complete);
            assertThat(seen.get(30, java.util.concurrent.TimeUnit.SECONDS), is(49));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void unknownStartMethodNamesTheInstalledOnes(String installed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPool.builder().startMethod("carrier-pigeon").build());
        assertThat(e.getMessage(), containsString("Unknown start method 'carrier-pigeon'"));
        assertThat(e.getMessage(), containsString(installed));
    }
}
