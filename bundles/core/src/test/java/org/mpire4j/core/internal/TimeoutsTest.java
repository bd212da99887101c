package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerTimeoutException;

/** Task, init and exit timeouts on every start method (MPIRE's TimeoutTest). */
@Timeout(60)
class TimeoutsTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Sleeps (interruptibly) for a long time on odd arguments. */
    private static final Task<Object, Integer, Integer> SLOW_ON_ODD = (ctx, x) -> {
        if (x % 2 == 1) {
            blockUntilInterrupted();
        }
        return x;
    };

    /** Work that never ends on its own: only an interrupt (or the worker's end) stops it. */
    static void blockUntilInterrupted() throws InterruptedException {
        new java.util.concurrent.CountDownLatch(1).await();
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void generousTimeoutsSucceed(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            MapOptions<Object> generous = MapOptions.defaults().taskTimeout(Duration.ofSeconds(30))
                    .workerInitTimeout(Duration.ofSeconds(30)).workerExitTimeout(Duration.ofSeconds(30))
                    .workerInit(ctx -> { }).workerExit(ctx -> ctx.workerId());
            assertThat(pool.map((ctx, x) -> x, range(50), generous), equalTo(range(50)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aTaskTimeoutFailsTheMapPromptlyNamingWorkerAndLimit(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            long start = System.nanoTime();
            WorkerTimeoutException e = assertThrows(WorkerTimeoutException.class,
                    () -> pool.map(SLOW_ON_ODD, range(4), MapOptions.defaults().taskTimeout(SHORT)));
            assertThat(Duration.ofNanos(System.nanoTime() - start), lessThan(Duration.ofSeconds(10)));
            assertThat(e.phase(), is(WorkerPhase.TASK));
            assertThat(e.timeout(), is(SHORT));
            assertThat(e.getMessage(), containsString("Worker " + e.workerId() + " task timed out (timeout=PT0.2S)"));
            assertThrows(WorkerTimeoutException.class, () -> {
                try (Stream<Integer> s = pool.imap(SLOW_ON_ODD, range(4), MapOptions.defaults().taskTimeout(SHORT))) {
                    s.forEach(x -> { });
                }
            });
            assertThat(pool.map((ctx, x) -> x, range(3)), equalTo(range(3)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void applyTimeoutsFailOnlyTheirTaskAndThePoolSurvives(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            MapOptions<Object> limited = MapOptions.defaults().taskTimeout(SHORT);
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.applyAsync(SLOW_ON_ODD, i, limited));
            }
            for (int i = 0; i < 6; i++) {
                CompletableFuture<Integer> future = futures.get(i);
                if (i % 2 == 0) {
                    assertThat(future.get(30, TimeUnit.SECONDS), is(i));
                } else {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
                    assertThat(e.getCause(), instanceOf(WorkerTimeoutException.class));
                }
            }
            int seven = pool.apply((ctx, x) -> x, 7);
            assertThat(seven, is(7));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aTaskThatIgnoresInterruptsIsAbandonedAndReplaced(String method) throws Exception {
        Task<Object, Integer, Integer> spin = (ctx, x) -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // deliberately deaf to interrupts
            }
            return x;
        };
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).build()) {
            long start = System.nanoTime();
            CompletableFuture<Integer> stuck = pool.applyAsync(spin, 1, MapOptions.defaults().taskTimeout(SHORT));
            ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(30, TimeUnit.SECONDS));
            assertThat(e.getCause(), instanceOf(WorkerTimeoutException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - start), lessThan(Duration.ofSeconds(4)));
            // The only worker was stuck; a replacement answers long before the spin ends.
            int two = pool.apply((ctx, x) -> x, 2, MapOptions.defaults().taskTimeout(Duration.ofSeconds(3)));
            assertThat(two, is(2));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void initAndExitTimeouts(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerTimeoutException init = assertThrows(WorkerTimeoutException.class, () -> pool.map((ctx, x) -> x,
                    range(4), MapOptions.defaults().workerInitTimeout(SHORT).workerInit(ctx -> blockUntilInterrupted())));
            assertThat(init.phase(), is(WorkerPhase.INIT));
            assertThat(init.getMessage(), containsString("init timed out"));
            WorkerTimeoutException exit = assertThrows(WorkerTimeoutException.class, () -> pool.map((ctx, x) -> x,
                    range(4), MapOptions.defaults().workerExitTimeout(SHORT).workerExit(ctx -> {
                        blockUntilInterrupted();
                        return null;
                    })));
            assertThat(exit.phase(), is(WorkerPhase.EXIT));
        }
    }
}
