package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.MpireException;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerDiedException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.process.IdleWorkers;

/**
 * What a process worker must not do to its user: let task code reach its channel through standard
 * input or output, take an unserializable task or argument for a dead worker, or keep descriptors,
 * shared memory or the pool's objects after the pool is closed.
 */
@Timeout(120)
class ProcessHygieneTest {

    static Stream<String> processes() {
        return StartMethods.processes();
    }

    static Stream<String> all() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @BeforeEach
    void noIdleWorkers() throws Exception {
        IdleWorkers.evictAll();
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aTaskReadingStandardInputGetsEndOfInputAndCannotReachTheChannel(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).keepAlive(true).build()) {
            List<Integer> reads = pool.map((ctx, x) -> {
                try {
                    int viaSystemIn = System.in.read();
                    int viaDescriptor = new FileInputStream(FileDescriptor.in).read();
                    // Writes to descriptor 1 go to stderr, not into the channel.
                    new FileOutputStream(FileDescriptor.out).write("not a frame\n".getBytes(StandardCharsets.UTF_8));
                    return viaSystemIn * 10 + viaDescriptor;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, range(2), MapOptions.defaults().chunkSize(1));
            assertThat(reads, is(List.of(-11, -11)));
            assertThat("the channel still works", pool.map((ctx, x) -> x * 2, range(3)), is(List.of(0, 2, 4)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void whatTheWorkerJvmPrintsToStandardOutputBeforeMainNeverReachesTheChannel(String method,
            @org.junit.jupiter.api.io.TempDir Path dir) {
        // JFR announces its recording on stdout while the JVM starts, before the worker's main method runs.
        String jvmArgs = org.mpire4j.process.WorkerCommand.DEFAULT_JVM_ARGS + " -XX:StartFlightRecording=filename="
                + dir.resolve("worker.jfr");
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).startMethodOption("jvmArgs", jvmArgs)
                .startMethodOption("reuseWorkers", "false").build()) {
            assertThat(pool.map((ctx, x) -> x + 1, range(3)), is(List.of(1, 2, 3)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aPoolsOwnLogOptionsReachTheWorkerJvmAndItsStandardOutputLogsStayOffTheChannel(String method,
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path gcLog = dir.resolve("worker-gc.log");
        // -Xlog:gc+init logs to stdout while the JVM starts; -Xlog:gc to a file says which collector it uses.
        String jvmArgs = org.mpire4j.process.WorkerCommand.DEFAULT_JVM_ARGS + " -Xlog:gc:file=" + gcLog
                + " -Xlog:gc+init";
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).startMethodOption("jvmArgs", jvmArgs)
                .startMethodOption("reuseWorkers", "false").build()) {
            assertThat(pool.map((ctx, x) -> x + 1, range(3)), is(List.of(1, 2, 3)));
        }
        assertThat(Files.readString(gcLog), containsString("Using Serial"));
    }

    /** Captured by tasks and hooks below: not serializable. */
    static final class Unsendable {
        int value = 7;
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @MethodSource("processes")
    void anUnserializableTaskOrHookFailsBeforeAnyProcessStartsNamingTheClass(String method) {
        Unsendable captured = new Unsendable();
        Set<Long> before = children();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(2).build()) {
            Task<Void, Integer, Integer> task = (ctx, x) -> x + captured.value;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.map(task, range(4)));
            assertThat(e.getMessage(), containsString(Unsendable.class.getName()));
            assertThat(e.getMessage(), containsString("task"));
            e = assertThrows(IllegalArgumentException.class, () -> pool.map((ctx, x) -> x, range(4),
                    MapOptions.defaults().workerInit(ctx -> ctx.state().put("v", captured.value))));
            assertThat(e.getMessage(), containsString("workerInit"));
            e = assertThrows(IllegalArgumentException.class, () -> pool.apply((ctx, x) -> x, captured));
            assertThat(e.getMessage(), containsString(Unsendable.class.getName()));
            assertThat("no worker process was started", children(), is(before));
            assertThat(pool.map((ctx, x) -> x + 1, range(2)), is(List.of(1, 2)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void anUnserializableArgumentFailsTheMapNamingTheClassAndIsNeverRerun(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).retryLostChunks(2).build()) {
            List<Object> args = List.of(1, 2, new Unsendable(), 4);
            MpireException e = assertThrows(MpireException.class, () -> pool.map((ctx, x) -> x.hashCode(), args,
                    MapOptions.defaults().chunkSize(1)));
            assertThat(e, not(org.hamcrest.Matchers.instanceOf(WorkerDiedException.class)));
            assertThat(e.getMessage(), containsString(Unsendable.class.getName()));
            assertThat(e.getMessage(), containsString("cannot be sent"));
            assertThat("the pool goes on", pool.map((ctx, x) -> x, List.<Object>of(5, 6)), is(List.of(5, 6)));
        }
    }

    private static long openDescriptors(String startingWith) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(startingWith);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) for something the operating system does after the pool: a process exiting. */
    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void closeReleasesSharedMemoryAtOnceAndDescriptorsWithTheProcesses(String method) {
        long memfds = openDescriptors("/memfd:mpire4j-program");
        long pipes = openDescriptors("pipe:");
        for (int i = 0; i < 20; i++) {
            try (WorkerPool<byte[]> pool = WorkerPool.builder().startMethod(method).jobs(2)
                    .startMethodOption("reuseWorkers", "false").sharedObjects(new byte[1 << 20]).build()) {
                assertThat(pool.map((ctx, x) -> ctx.shared().length + x, range(2)), is(List.of(1 << 20, (1 << 20) + 1)));
            }
            assertThat("the program's shared memory goes with close()", openDescriptors("/memfd:mpire4j-program"),
                    is(memfds));
        }
        eventually(() -> children().isEmpty() && openDescriptors("pipe:") <= pipes);
        assertThat(openDescriptors("pipe:"), lessThanOrEqualTo(pipes));
    }

    /** A shared object and a task whose reachability the test watches. */
    record Watched(int[] data) implements java.io.Serializable {
    }

    /** Collects garbage until the references are cleared, at most ten times: threads that ended their work may
     * still be unwinding for a moment when close() returns. */
    private static void collectUntilCleared(List<WeakReference<Object>> references) {
        for (int i = 0; i < 10 && references.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @ParameterizedTest
    @MethodSource("all")
    void aClosedPoolKeepsNoTaskReachableEvenWhileTheCallerHoldsThePool(String method) {
        Watched watched = new Watched(new int[1000]);
        int zero = watched.data()[0]; // captured: a task object of its own (a non-capturing lambda is a constant)
        Task<Watched, Integer, Integer> square = (ctx, x) -> x * x + ctx.shared().data().length + zero;
        WorkerPool<Watched> pool = WorkerPool.builder().startMethod(method).jobs(2).sharedObjects(watched).build();
        assertThat(pool.map(square, range(4)), is(List.of(1000, 1001, 1004, 1009)));
        pool.close();
        WeakReference<Object> task = new WeakReference<>(square);
        square = null;
        collectUntilCleared(List.of(task));
        assertThat("the task of a closed pool the caller still holds", task.get(), nullValue());
        assertThat(pool.isClosed(), is(true));
    }

    @ParameterizedTest
    @MethodSource("all")
    void aClosedPoolKeepsNothingOfItsOwnReachable(String method) {
        WeakReference<Object> shared = new WeakReference<>(null);
        WeakReference<Object> task = new WeakReference<>(null);
        WeakReference<Object> pool = new WeakReference<>(null);
        for (int round = 0; round < 2; round++) {
            Watched watched = new Watched(new int[1000]);
            int zero = round - round; // captured: a new task object each round (a non-capturing lambda is a constant)
            Task<Watched, Integer, Integer> square = (ctx, x) -> x * x + ctx.shared().data().length + zero;
            WorkerPool<Watched> p = WorkerPool.builder().startMethod(method).jobs(2).sharedObjects(watched).build();
            assertThat(p.map(square, range(4)), is(List.of(1000, 1001, 1004, 1009)));
            p.close();
            shared = new WeakReference<>(watched);
            task = new WeakReference<>(square);
            pool = new WeakReference<>(p);
        }
        collectUntilCleared(List.of(pool, task, shared));
        assertThat("the pool", pool.get(), nullValue());
        assertThat("its task", task.get(), nullValue());
        assertThat("its shared objects", shared.get(), nullValue());
    }
}
