package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.PoolSettings;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerDiedException;
import org.mpire4j.api.WorkerPool;

/**
 * {@code retryLostChunks}: the work a worker loses when it dies under the pool's feet runs again on
 * another worker, a bounded number of times, and every result still arrives exactly once. Workers
 * die only on process start methods, so those are the ones specified here. A task dies "the first
 * time only" by creating a marker file atomically: only the run that created it dies.
 */
@Timeout(120)
class LostWorkRetryTest {

    static Stream<String> processes() {
        return StartMethods.processes();
    }

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** How a task ends its own worker, as an operator, the kernel or a careless library would. */
    enum Death {
        /** {@code kill -9} of its own process: what the OOM killer or an operator does. */
        KILL,
        /** {@code Runtime.halt}: the JVM ends at once, no shutdown hooks. */
        HALT;

        void now() {
            try {
                if (this == HALT) {
                    Runtime.getRuntime().halt(5);
                }
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                new CountDownLatch(1).await(); // the signal ends the process; never returns
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Ends the worker if this run is the first to create the marker (it records its pid); else returns. */
    static void dieTheFirstTime(String marker, Death death) {
        try {
            Files.writeString(Files.createFile(Path.of(marker)), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException alreadyDied) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        death.now();
    }

    /** Leaves one file per run in the directory, so a test can count the runs; then ends the worker. */
    static void dieEveryTime(String runs) {
        try {
            Files.createTempFile(Path.of(runs), "run-", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Death.HALT.now();
    }

    private static long runsIn(Path runs) throws IOException {
        try (Stream<Path> files = Files.list(runs)) {
            return files.count();
        }
    }

    private static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(x -> x * x).boxed().toList();
    }

    @ParameterizedTest
    @MethodSource("processes")
    void mapReRunsTheChunkLostWithAKilledWorkerAndReturnsEveryResultInOrderOnce(String method, @TempDir Path dir) {
        String marker = dir.resolve("killed").toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(2).build()) {
            List<Integer> results = pool.map((ctx, x) -> {
                if (x == 37) {
                    dieTheFirstTime(marker, Death.KILL);
                }
                return x * x;
            }, range(200), MapOptions.defaults().chunkSize(5));

            assertThat("the task really killed its worker once", Files.exists(Path.of(marker)), is(true));
            assertThat(results, is(squares(200)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void imapReRunsALostChunkInInputOrderAndWithinWorkerLifespans(String method, @TempDir Path dir) {
        String marker = dir.resolve("halted").toString();
        int lifespan = 20;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(1).build();
                Stream<List<Long>> stream = pool.imap((ctx, x) -> {
                    if (x == 53) {
                        dieTheFirstTime(marker, Death.HALT);
                    }
                    return List.of((long) x, ProcessHandle.current().pid());
                }, range(100), MapOptions.defaults().chunkSize(5).workerLifespan(lifespan))) {
            List<List<Long>> results = stream.toList();

            assertThat(results.stream().map(r -> r.get(0).intValue()).toList(), is(range(100)));
            // The re-run chunk counted towards the lifespan of the worker that re-ran it, like any other.
            Map<Long, Long> tasksPerWorkerLife = results.stream()
                    .collect(Collectors.groupingBy(r -> r.get(1), Collectors.counting()));
            assertThat(tasksPerWorkerLife.values(), everyItem(lessThanOrEqualTo((long) lifespan)));
            assertThat("the dead worker's pid returned no result of the lost chunk", results.get(53).get(1),
                    not(is(Long.parseLong(read(marker)))));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void imapUnorderedDeliversEveryResultExactlyOnceAfterAWorkerIsLost(String method, @TempDir Path dir) {
        String marker = dir.resolve("killed").toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 3).retryLostChunks(2).build();
                Stream<Integer> stream = pool.imapUnordered((ctx, x) -> {
                    if (x == 111) {
                        dieTheFirstTime(marker, Death.KILL);
                    }
                    return x;
                }, range(200), MapOptions.defaults().chunkSize(4))) {
            Map<Integer, Long> multiset = stream.collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));

            assertThat(multiset.keySet(), is(new java.util.HashSet<>(range(200))));
            assertThat("no result twice", multiset.values(), everyItem(is(1L)));
            assertThat(Files.exists(Path.of(marker)), is(true));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aTaskThatAlwaysKillsItsWorkerFailsTheMapAfterMaxRetriesPlusOneRuns(String method, @TempDir Path runs)
            throws IOException {
        String dir = runs.toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).keepAlive(true).retryLostChunks(2).build()) {
            WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.map((ctx, x) -> {
                if (x == 3) {
                    dieEveryTime(dir);
                }
                return x;
            }, range(8), MapOptions.defaults().chunkSize(1)));

            assertThat(runsIn(runs), is(3L));
            assertThat(e.attempts(), is(3));
            assertThat(e.howItEnded(), is("exit code 5"));
            assertThat(e.getMessage(), containsString("had run 3 times"));
            // The pool goes on: a kept-alive pool replaces its workers for the next map.
            assertThat(pool.map((ctx, x) -> x + 1, range(5)), is(List.of(1, 2, 3, 4, 5)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void withoutRetriesALostChunkFailsTheMapAsBefore(String method, @TempDir Path runs) throws IOException {
        String dir = runs.toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.map((ctx, x) -> {
                if (x == 3) {
                    dieEveryTime(dir);
                }
                return x;
            }, range(8), MapOptions.defaults().chunkSize(1)));

            assertThat(runsIn(runs), is(1L));
            assertThat(e.attempts(), is(1));
            assertThat(e.getMessage(), is("Worker " + e.workerId() + " died unexpectedly: exit code 5"));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void anApplyLostWithItsWorkerCompletesWithTheResultOfItsReRun(String method, @TempDir Path dir) throws Exception {
        String marker = dir.resolve("halted").toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).retryLostChunks(1).build()) {
            CompletableFuture<Long> pid = pool.applyAsync((ctx, x) -> {
                dieTheFirstTime(marker, Death.HALT);
                return ProcessHandle.current().pid();
            }, 1);

            long reRunOn = pid.get(60, TimeUnit.SECONDS);
            assertThat("re-run on the replacement, not the dead worker", reRunOn, not(is(Long.parseLong(read(marker)))));
            int two = pool.apply((ctx, x) -> x, 2);
            assertThat(two, is(2));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void withOrderedTasksTheReplacementInTheSameSlotReRunsTheLostChunkWithFreshState(String method,
            @TempDir Path dir) {
        String marker = dir.resolve("halted").toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).orderTasks(true).retryLostChunks(1).build()) {
            List<String> placed = pool.map((ctx, x) -> {
                int seen = (Integer) ctx.state().merge("tasks", 1, (a, b) -> (Integer) a + (Integer) b);
                if (x == 7) {
                    dieTheFirstTime(marker, Death.HALT);
                }
                return ctx.workerId() + ":" + (x == 7 ? seen : 0);
            }, range(20), MapOptions.defaults().chunkSize(1));

            for (int x = 0; x < 20; x++) {
                assertThat("task " + x + " ran on worker x mod 2", placed.get(x), startsWith((x % 2) + ":"));
            }
            // The dead worker had run 3 tasks before task 7; its replacement starts with empty state.
            assertThat(placed.get(7), is("1:1"));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void progressAndInsightsCountAReRunChunkOnce(String method, @TempDir Path dir) {
        String marker = dir.resolve("halted").toString();
        Recording recording = new Recording();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(1).keepAlive(true)
                .enableInsights(true).observer(recording).build()) {
            // Tasks slow enough that the dying chunk reports progress before it dies.
            List<Integer> results = pool.map((ctx, x) -> {
                if (x == 16) {
                    dieTheFirstTime(marker, Death.HALT);
                }
                return InsightsAndProgressTest.work(Duration.ofMillis(40), x);
            }, range(20), MapOptions.defaults().chunkSize(10).progressBar(true));

            assertThat(results, is(range(20)));
            assertThat(recording.done, not(empty()));
            assertThat("progress never goes back", recording.done, is(sorted(recording.done)));
            assertThat(recording.done.getLast(), is(20L));
            assertThat(recording.error, is((Throwable) null));
            assertThat(pool.insights().completedTasks(), is(20L));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aTaskThatThrowsIsNeverReRun(String method, @TempDir Path runs) throws IOException {
        String dir = runs.toString();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(3).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map((ctx, x) -> {
                if (x == 5) {
                    Files.createTempFile(Path.of(dir), "run-", "");
                    throw new IllegalArgumentException("five");
                }
                return x;
            }, range(10), MapOptions.defaults().chunkSize(1)));

            assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
            assertThat(runsIn(runs), is(1L));
        }
    }

    @Test
    void aNegativeRetryCountIsRejectedNamingIt() {
        IllegalArgumentException builder = assertThrows(IllegalArgumentException.class,
                () -> WorkerPool.builder().retryLostChunks(-1));
        assertThat(builder.getMessage(), containsString("-1"));
        assertThat(builder.getMessage(), containsString("retryLostChunks"));
        IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings<>(1, null, null, false, false, false, Map.of(), List.of(), -1));
        assertThat(settings.getMessage(), containsString("-1"));
        assertThat(WorkerPool.builder().settings().retryLostChunks(), is(0));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    /** Records what observers hear; asserted on the test's thread (an observer that throws is ignored). */
    static final class Recording implements MapObserver {
        final List<Long> done = Collections.synchronizedList(new ArrayList<>());
        volatile Throwable error;

        @Override
        public void started(MapInfo map) {
        }

        @Override
        public void progressed(long mapId, long done, long total) {
            this.done.add(done);
        }

        @Override
        public void finished(long mapId, Throwable failure, PoolInsights insights) {
            error = failure;
        }
    }
}
