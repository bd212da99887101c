package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.WorkerPool;

/**
 * Worker id, worker state, init and exit hooks, keep-alive, lifespan and ordered placement on every
 * start method (MPIRE's WorkerIDTest, WorkerStateTest, InitFuncTest, ExitFuncTest, KeepAliveTest,
 * OrderTasksTest). Figures travel back through exit results, which works for process workers too.
 */
@Timeout(60)
class WorkerLifecycleTest {

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** Init marks the state; tasks count themselves; exit reports (id, inits, tasks). */
    private static final WorkerInit<Object> INIT = ctx -> ctx.state().merge("inits", 1, (a, b) -> (int) a + (int) b);

    private static final WorkerExit<Object, List<Integer>> REPORT = ctx -> List.of(ctx.workerId(),
            (int) ctx.state().getOrDefault("inits", 0), (int) ctx.state().getOrDefault("tasks", 0));

    private static int countTask(org.mpire4j.api.WorkerContext<?> ctx, int x) {
        ctx.state().merge("tasks", 1, (a, b) -> (int) a + (int) b);
        return ctx.workerId();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Integer>> reports(WorkerPool<?> pool) {
        List<List<Integer>> reports = new ArrayList<>();
        for (Object result : pool.exitResults()) {
            reports.add((List<Integer>) result);
        }
        return reports;
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void workerIdsAreInRange(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 3).build()) {
            List<Integer> ids = pool.map((ctx, x) -> ctx.workerId(), range(0, 300), MapOptions.defaults().chunkSize(1));
            assertThat(ids, everyItem(allOf(greaterThanOrEqualTo(0), lessThan(3))));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void initRunsOncePerWorkerAndStateCountsEveryTask(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            List<Integer> ids = pool.map(WorkerLifecycleTest::countTask, range(0, 150),
                    MapOptions.defaults().chunkSize(2).workerInit(INIT).workerExit(REPORT));
            List<List<Integer>> reports = reports(pool);
            Set<Integer> ranTasks = new HashSet<>(ids);
            assertThat(reports, hasSize(ranTasks.size()));
            int tasks = 0;
            for (List<Integer> report : reports) {
                assertThat("init ran once on worker " + report.get(0), report.get(1), is(1));
                tasks += report.get(2);
                // State belongs to one worker: its count equals the tasks that worker returned its id for.
                assertThat(report.get(2), is((int) ids.stream().filter(report.get(0)::equals).count()));
            }
            assertThat(tasks, is(150));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void withoutAnExitHookThereAreNoExitResults(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pool.map(WorkerLifecycleTest::countTask, range(0, 10));
            assertThat(pool.exitResults(), is(List.of()));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void keepAliveReusesWorkersAndTheirStateAcrossMaps(String method) {
        MapOptions<Object> options = MapOptions.defaults().chunkSize(1).workerInit(INIT).workerExit(REPORT);
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).keepAlive(true).build()) {
            pool.map(WorkerLifecycleTest::countTask, range(0, 20), options);
            try (var results = pool.imap(WorkerLifecycleTest::countTask, range(0, 20), options)) {
                assertThat(results.count(), is(20L));
            }
            pool.map(WorkerLifecycleTest::countTask, range(0, 20), options);
            assertThat("no worker exited between kept-alive maps", pool.exitResults(), is(List.of()));
            pool.stopAndJoin();
            List<List<Integer>> reports = reports(pool);
            assertThat(reports.size(), lessThanOrEqualTo(2));
            assertThat(reports.stream().mapToInt(r -> r.get(2)).sum(), is(60));
            assertThat(reports.stream().mapToInt(r -> r.get(1)).boxed().toList(), everyItem(is(1)));
        }
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pool.map(WorkerLifecycleTest::countTask, range(0, 20), options);
            pool.map(WorkerLifecycleTest::countTask, range(0, 20), options);
            // Without keep-alive the second map ran on fresh workers, whose state saw only its tasks.
            assertThat(reports(pool).stream().mapToInt(r -> r.get(2)).sum(), is(20));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void lifespanRestartsWorkersAndRunsInitAndExitPerLife(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pool.map(WorkerLifecycleTest::countTask, range(0, 10),
                    MapOptions.defaults().chunkSize(1).workerLifespan(1).workerInit(INIT).workerExit(REPORT));
            List<List<Integer>> reports = reports(pool);
            assertThat("one exit per life, one task per life", reports, hasSize(10));
            for (List<Integer> report : reports) {
                assertThat(report.subList(1, 3), contains(1, 1));
            }
        }
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pool.map(WorkerLifecycleTest::countTask, range(0, 12),
                    MapOptions.defaults().chunkSize(3).workerLifespan(2).workerExit(REPORT));
            // Lifespan is checked between chunks: each life takes one chunk of 3 (>= 2 tasks).
            assertThat(reports(pool).stream().map(r -> r.get(2)).toList(), everyItem(is(3)));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void orderTasksPlacesChunkIOnWorkerIModN(String method) {
        WorkerExit<Object, Map<Integer, List<Integer>>> seen = ctx -> {
            @SuppressWarnings("unchecked")
            List<Integer> args = (List<Integer>) ctx.state().getOrDefault("args", List.of());
            return Map.of(ctx.workerId(), args);
        };
        org.mpire4j.api.Task<Object, Integer, Integer> record = (ctx, x) -> {
            @SuppressWarnings("unchecked")
            List<Integer> args = (List<Integer>) ctx.state().computeIfAbsent("args", k -> new ArrayList<Integer>());
            args.add(x);
            return x;
        };
        try (WorkerPool<Void> pool = StartMethods.pool(method, 4).orderTasks(true).keepAlive(true).build()) {
            pool.map(record, range(1, 21), MapOptions.defaults().chunkSize(1).workerExit(seen));
            pool.stopAndJoin();
            Map<Integer, List<Integer>> byWorker = merge(pool.exitResults());
            for (int k = 0; k < 4; k++) {
                assertThat(byWorker.get(k), equalTo(List.of(k + 1, k + 5, k + 9, k + 13, k + 17)));
            }
            pool.map(record, range(1, 21), MapOptions.defaults().chunkSize(3).workerExit(seen));
            pool.map(record, range(1, 21), MapOptions.defaults().chunkSize(3).workerExit(seen));
            pool.stopAndJoin();
            byWorker = merge(pool.exitResults());
            // The identical placement repeats on a second kept-alive map.
            assertThat(byWorker.get(0), equalTo(List.of(1, 2, 3, 13, 14, 15, 1, 2, 3, 13, 14, 15)));
            assertThat(byWorker.get(3), equalTo(List.of(10, 11, 12, 10, 11, 12)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, List<Integer>> merge(List<Object> exitResults) {
        Map<Integer, List<Integer>> merged = new TreeMap<>();
        for (Object result : exitResults) {
            merged.putAll((Map<Integer, List<Integer>>) result);
        }
        return merged;
    }

    @org.junit.jupiter.api.Test
    void threadWorkersShareTheVeryObjectWithNoCopy() {
        List<Integer> dataset = new ArrayList<>(List.of(1, 2, 3));
        try (WorkerPool<List<Integer>> pool = StartMethods.pool(org.mpire4j.api.StartMethod.THREAD, 3)
                .sharedObjects(dataset).build()) {
            List<Boolean> same = pool.map((ctx, x) -> ctx.shared() == dataset, range(0, 30),
                    pool.options().chunkSize(1));
            assertThat(same, everyItem(is(true)));
            // Writes are visible to all, as with MPIRE's threading start method.
            pool.map((ctx, x) -> ctx.shared().set(0, 42), range(0, 1));
            assertThat(dataset.get(0), is(42));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void sharedObjectsReachEveryWorkerAndChangingThemRestartsKeptAliveWorkers(String method) {
        try (WorkerPool<List<Integer>> pool = StartMethods.pool(method, 2).sharedObjects(List.of(37, 42))
                .keepAlive(true).build()) {
            MapOptions<List<Integer>> options = pool.options().chunkSize(1).workerExit(ctx -> ctx.shared());
            List<Integer> sums = pool.map((ctx, x) -> ctx.shared().get(0) + ctx.shared().get(1) + x, range(0, 4),
                    options);
            assertThat(sums, contains(79, 80, 81, 82));
            pool.setSharedObjects(List.of(1, 2));
            List<Integer> after = pool.map((ctx, x) -> ctx.shared().get(0) + ctx.shared().get(1) + x, range(0, 4),
                    options);
            assertThat(after, contains(3, 4, 5, 6));
            // The old workers exited (with the old objects) before the new ones started.
            assertThat(pool.exitResults(), is(List.of()));
            pool.stopAndJoin();
            assertThat(pool.exitResults(), everyItem(equalTo((Object) List.of(1, 2))));
        }
    }
}
