package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
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
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.WorkerPool;

/** Errors in tasks and hooks on every start method (MPIRE's ExceptionTest, InitFuncTest, ExitFuncTest). */
@Timeout(60)
class ErrorsTest {

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Fails on 5 with a recognisable exception thrown from a named method, for the stack trace. */
    static int failOnFive(int x) {
        if (x == 5) {
            throw new IllegalArgumentException("five is not allowed");
        }
        return x;
    }

    private static final Task<Object, Integer, Integer> FAIL_ON_FIVE = (ctx, x) -> failOnFive(x);

    private static void assertIsTheTaskError(TaskFailedException e, int jobs) {
        assertIsTheTaskError(e, jobs, true);
    }

    private static void assertIsTheTaskError(TaskFailedException e, int jobs, boolean thrownToCaller) {
        assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
        assertThat(e.getCause().getMessage(), is("five is not allowed"));
        assertThat(e.argument(), is((Object) 5));
        assertThat(e.argumentText(), is("5"));
        assertThat(e.workerId(), allOf(greaterThanOrEqualTo(0), lessThan(jobs)));
        assertThat(e.phase(), is(WorkerPhase.TASK));
        assertThat(e.getMessage(), allOf(containsString("argument 5"), containsString("five is not allowed")));
        // The worker's stack trace: the frame that threw is the task's own method.
        assertThat(e.getCause().getStackTrace()[0].getMethodName(), is("failOnFive"));
        // A blocking call's exception shows where the caller called.
        assertThat(!thrownToCaller || Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(ErrorsTest.class.getName())),
                is(true));
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aFailingTaskFailsEveryMapVariantWithTheOriginalException(String method) {
        List<MapOptions<Object>> variants = StartMethods.isProcess(method)
                ? List.of(MapOptions.defaults().maxTasksActive(1), MapOptions.defaults().workerLifespan(1))
                : List.of(MapOptions.defaults(), MapOptions.defaults().maxTasksActive(1),
                        MapOptions.defaults().workerLifespan(1), MapOptions.defaults().chunkSize(1));
        for (MapOptions<Object> options : variants) {
            try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
                assertIsTheTaskError(assertThrows(TaskFailedException.class, () -> pool.map(FAIL_ON_FIVE, range(20), options)), 2);
                assertIsTheTaskError(assertThrows(TaskFailedException.class,
                        () -> pool.mapUnordered(FAIL_ON_FIVE, range(20), options)), 2);
                assertIsTheTaskError(assertThrows(TaskFailedException.class, () -> {
                    try (Stream<Integer> s = pool.imapUnordered(FAIL_ON_FIVE, range(20), options)) {
                        s.forEach(x -> { });
                    }
                }), 2);
                // The pool recovers: the next map starts fresh workers.
                assertThat(pool.map((ctx, x) -> x + 1, range(3)), equalTo(List.of(1, 2, 3)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aFailingApplyFailsOnlyThatCall(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            CompletableFuture<Integer> good = pool.applyAsync(FAIL_ON_FIVE, 4);
            CompletableFuture<Integer> bad = pool.applyAsync(FAIL_ON_FIVE, 5);
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertIsTheTaskError((TaskFailedException) e.getCause(), 2, false);
            assertThat(good.get(30, TimeUnit.SECONDS), is(4));
            assertIsTheTaskError(assertThrows(TaskFailedException.class, () -> pool.apply(FAIL_ON_FIVE, 5)), 2);
            int six = pool.apply(FAIL_ON_FIVE, 6);
            assertThat(six, is(6));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aFailingInitFailsTheMapAndTheApply(String method) {
        MapOptions<Object> badInit = MapOptions.defaults().workerInit(ctx -> {
            throw new IllegalStateException("no model");
        });
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map((ctx, x) -> x, range(10), badInit));
            assertThat(e.phase(), is(WorkerPhase.INIT));
            assertThat(e.getCause(), instanceOf(IllegalStateException.class));
            assertThat(e.getMessage(), containsString("no model"));
            WorkerException applied = assertThrows(WorkerException.class, () -> pool.apply((ctx, x) -> x, 1, badInit));
            assertThat(applied.phase(), is(WorkerPhase.INIT));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aFailingExitFailsTheMapThatStopsTheWorkers(String method) {
        MapOptions<Object> badExit = MapOptions.defaults().workerExit(ctx -> {
            throw new ArithmeticException("exit went wrong");
        });
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map((ctx, x) -> x, range(10), badExit));
            assertThat(e.phase(), is(WorkerPhase.EXIT));
            assertThat(e.getCause(), instanceOf(ArithmeticException.class));
        }
        WorkerPool<Void> kept = StartMethods.pool(method, 2).keepAlive(true).build();
        assertThat(kept.map((ctx, x) -> x, range(10), badExit), equalTo(range(10)));
        WorkerException e = assertThrows(WorkerException.class, kept::close);
        assertThat(e.phase(), is(WorkerPhase.EXIT));
        assertThat(kept.isClosed(), is(true));
    }
}
