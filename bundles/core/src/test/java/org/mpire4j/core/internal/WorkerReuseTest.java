package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.process.IdleWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Process workers reused across pools: a pool that is done with its worker processes leaves them idle
 * for the next pool of the same command, which gives each a fresh life. Everything MPIRE promises fresh
 * stays fresh; only the operating-system process (and the JVM's loaded classes) is recycled.
 */
@Timeout(120)
class WorkerReuseTest {

    static Stream<String> processes() {
        return StartMethods.processes();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @BeforeEach
    @AfterEach
    void noIdleWorkers() throws Exception {
        IdleWorkers.evictAll();
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Static state in a worker JVM: survives a reused process, not a new one. */
    static final class InWorker {
        static final AtomicInteger CALLS = new AtomicInteger();
    }

    record Tagged(String tag) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Waits for processes to end: bounded by the test's timeout, and by 30 s each. */
    private static void awaitExit(Set<Long> pids) throws Exception {
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Set<Long> pids(WorkerPool<?> pool) {
        return new HashSet<>(pool.map((ctx, x) -> ProcessHandle.current().pid(), range(8),
                MapOptions.defaults().chunkSize(1)));
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aLaterPoolRunsInTheSameProcessesWithAFreshLife(String method) {
        Set<Long> first;
        List<Object> firstExits;
        MapOptions<Object> options = MapOptions.defaults().chunkSize(1)
                .workerInit(ctx -> ctx.state().put("inits", 1))
                .workerExit(ctx -> ctx.shared() + ":" + ctx.state());
        try (WorkerPool<Tagged> pool = WorkerPool.builder().startMethod(method).jobs(2).sharedObjects(new Tagged("one"))
                .build()) {
            first = new HashSet<>(pool.map((ctx, x) -> {
                ctx.state().merge("tasks", 1, (a, b) -> (Integer) a + (Integer) b);
                return ProcessHandle.current().pid();
            }, range(6), options));
            firstExits = pool.exitResults();
        }
        try (WorkerPool<Tagged> pool = WorkerPool.builder().startMethod(method).jobs(2).sharedObjects(new Tagged("two"))
                .build()) {
            Set<Long> second = new HashSet<>(pool.map((ctx, x) -> {
                ctx.state().merge("tasks", 1, (a, b) -> (Integer) a + (Integer) b);
                return ProcessHandle.current().pid();
            }, range(2), options));

            assertThat("no new JVM was started", first.containsAll(second), is(true));
            assertThat(firstExits, hasSize(first.size()));
            // New shared objects, an init that ran again, and state that counts only this pool's tasks.
            for (Object exit : pool.exitResults()) {
                assertThat(exit.toString(), containsString("Tagged[tag=two]"));
                assertThat(exit.toString(), containsString("inits=1"));
                assertThat(exit.toString(), not(containsString("tasks=2")));
            }
            assertThat(pool.exitResults(), not(empty()));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void reuseWorkersFalseStartsNewProcessesWithFreshStaticState(String method) {
        Set<Long> first;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).build()) {
            first = pids(pool);
            pool.map((ctx, x) -> InWorker.CALLS.incrementAndGet(), range(3));
        }
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).startMethodOption("reuseWorkers", "false").build()) {
            List<Integer> calls = pool.map((ctx, x) -> InWorker.CALLS.incrementAndGet(), range(1));
            assertThat("a brand-new process has its classes' static state fresh", calls, is(List.of(1)));
            assertThat(first.containsAll(pids(pool)), is(false));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void anIdleWorkerExitsAfterItsIdleTimeout(String method) throws Exception {
        Set<Long> pids;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).startMethodOption("idleTimeoutSeconds", "1").build()) {
            pids = pids(pool);
        }
        awaitExit(pids);
        assertThat(IdleWorkers.size(), is(0));
    }

    @ParameterizedTest
    @MethodSource("processes")
    void evictingEndsIdleWorkersAtOnce(String method) throws Exception {
        Set<Long> pids;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pids = pids(pool);
        }
        assertThat(IdleWorkers.size(), is(pids.size()));
        IdleWorkers.evict(method);
        awaitExit(pids);
        assertThat(IdleWorkers.size(), is(0));
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aWorkerRetiredAtTheEndOfItsLifespanIsNotReused(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).build()) {
            List<Long> pids = pool.map((ctx, x) -> ProcessHandle.current().pid(), range(6),
                    MapOptions.defaults().chunkSize(1).workerLifespan(2));
            assertThat("three lives, three processes", new HashSet<>(pids), hasSize(3));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void badReuseOptionsAreRejectedByBuildNamingTheValue(String method) {
        for (String[] option : new String[][] {{"reuseWorkers", "maybe"}, {"idleTimeoutSeconds", "-3"},
                {"idleTimeoutSeconds", "soon"}, {"aotCache", "yes"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StartMethods.pool(method, 1).startMethodOption(option[0], option[1]).build());
            assertThat(e.getMessage(), containsString(option[0] + "=" + option[1]));
        }
    }

    /** The names of the memfds a process has open, as {@code /proc/self/fd} shows them. */
    static List<String> openMemfds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(link -> link.startsWith("/memfd:mpire4j-program")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aReusedWorkerHoldsNothingOfAnEarlierPoolsProgram(String method) {
        Set<Long> first;
        try (WorkerPool<Tagged> pool = WorkerPool.builder().startMethod(method).jobs(1).sharedObjects(new Tagged("a"))
                .build()) {
            first = pids(pool);
        }
        try (WorkerPool<Tagged> pool = WorkerPool.builder().startMethod(method).jobs(1).sharedObjects(new Tagged("b"))
                .build()) {
            List<List<String>> seen = pool.map((ctx, x) -> List.of(ctx.shared().tag(),
                    String.valueOf(ProcessHandle.current().pid()), String.join(",", openMemfds())), range(1));
            assertThat(seen.getFirst().get(0), is("b"));
            assertThat(first.contains(Long.parseLong(seen.getFirst().get(1))), is(true));
            assertThat("no program descriptor stays open in the worker", seen.getFirst().get(2), is(""));
        }
        assertThat(List.of(first), everyItem(not(empty())));
    }
}
