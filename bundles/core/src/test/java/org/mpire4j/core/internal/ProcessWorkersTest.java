package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerDiedException;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;

/**
 * What only process workers can do: copies of shared objects made once per worker start, and
 * workers that die under the task's feet (System.exit, halt, kill -9, out of memory) or outlive
 * their parent.
 */
@Timeout(120)
class ProcessWorkersTest {

    static Stream<String> processes() {
        return StartMethods.processes();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** A shared object that counts how often the parent serializes it. */
    static final class Counted implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger SERIALIZED = new AtomicInteger();
        final int[] payload = new int[1000];

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            SERIALIZED.incrementAndGet();
            out.defaultWriteObject();
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void sharedObjectsAreCopiedOncePerWorkerStartOrOnceForAllNeverPerTask(String method) {
        Counted.SERIALIZED.set(0);
        try (WorkerPool<Counted> pool = StartMethods.pool(method, 2).sharedObjects(new Counted()).build()) {
            List<Integer> lengths = pool.map((ctx, x) -> ctx.shared().payload.length + x, range(1000),
                    pool.options().chunkSize(1));
            assertThat(lengths.get(999), is(1999));
            boolean fork = method.equals(org.mpire4j.api.StartMethod.FORK);
            // spawn sends a copy to each worker; fork places one copy in shared memory for all of them.
            assertThat(Counted.SERIALIZED.get(), is(fork ? 1 : 2));
            // A restarted spawn worker receives them again, one copy per new life; fork workers read the placed copy.
            pool.map((ctx, x) -> x, range(4), pool.options().chunkSize(1).workerLifespan(2));
            assertThat(Counted.SERIALIZED.get(), is(fork ? 1 : 2 + 4));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void systemExitOrHaltInATaskFailsTheMapNamingTheWorkerAndItsExit(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerDiedException exit = assertThrows(WorkerDiedException.class, () -> pool.map((ctx, x) -> {
                if (x == 3) {
                    System.exit(3);
                }
                return x;
            }, range(8), MapOptions.defaults().chunkSize(1)));
            assertThat(exit.howItEnded(), is("exit code 3"));
            assertThat(exit.getMessage(), containsString("Worker " + exit.workerId() + " died unexpectedly"));
            WorkerDiedException halt = assertThrows(WorkerDiedException.class, () -> pool.map((ctx, x) -> {
                if (x == 3) {
                    Runtime.getRuntime().halt(4);
                }
                return x;
            }, range(8), MapOptions.defaults().chunkSize(1)));
            assertThat(halt.howItEnded(), is("exit code 4"));
            assertThat(pool.map((ctx, x) -> x, range(3)), is(range(3)));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aKilledWorkerFailsTheMapWithItsSignal(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.map((ctx, x) -> {
                if (x == 2) {
                    // What an operator's kill -9 or the kernel's OOM killer does to the worker.
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    new java.util.concurrent.CountDownLatch(1).await();
                }
                return x;
            }, range(6), MapOptions.defaults().chunkSize(1)));
            assertThat(e.howItEnded(), is("killed by signal 9 (SIGKILL)"));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void aWorkerDyingInAnApplyFailsOnlyThatTaskAndIsReplaced(String method) throws Exception {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).build()) {
            CompletableFuture<Integer> dies = pool.applyAsync((ctx, x) -> {
                System.exit(7);
                return x;
            }, 1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> dies.get(60, TimeUnit.SECONDS));
            assertThat(e.getCause(), instanceOf(WorkerDiedException.class));
            assertThat(((WorkerDiedException) e.getCause()).howItEnded(), is("exit code 7"));
            int two = pool.apply((ctx, x) -> x, 2);
            assertThat(two, is(2));
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void runningOutOfMemoryFailsTheMapClearly(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).startMethodOption("jvmArgs", "-Xmx48m").build()) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map((ctx, x) -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }, range(1)));
            // Either the task sees the OutOfMemoryError, or the JVM dies of it: both name the worker.
            assertThat(e, anyOf(instanceOf(TaskFailedException.class), instanceOf(WorkerDiedException.class)));
            if (e instanceof TaskFailedException) {
                assertThat(e.getCause(), instanceOf(OutOfMemoryError.class));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void closeLeavesNoWorkerProcessBehindWhenReuseIsOff(String method) throws Exception {
        Set<Long> pids;
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).keepAlive(true)
                .startMethodOption("reuseWorkers", "false").build()) {
            pids = new HashSet<>(pool.map((ctx, x) -> ProcessHandle.current().pid(), range(8),
                    MapOptions.defaults().chunkSize(1)));
            assertThat(pids, not(empty()));
        }
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
        WorkerPool<Void> terminated = StartMethods.pool(method, 2).keepAlive(true).build(); // killed: never reused
        List<Long> more = terminated.map((ctx, x) -> ProcessHandle.current().pid(), range(4),
                MapOptions.defaults().chunkSize(1));
        terminated.terminate();
        for (long pid : more) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Running workers (a kept-alive pool) and idle ones (waiting in the cache for a later pool). */
    static Stream<org.junit.jupiter.params.provider.Arguments> processesRunningOrIdle() {
        return processes().flatMap(method -> Stream.of(org.junit.jupiter.params.provider.Arguments.of(method, "running"),
                org.junit.jupiter.params.provider.Arguments.of(method, "idle")));
    }

    @ParameterizedTest
    @MethodSource("processesRunningOrIdle")
    void workersOfAParentKilledWithSigkillExitByThemselves(String method, String state) throws Exception {
        long shmFiles = countShmFiles();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process parent = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"),
                OrphanParent.class.getName(), method, state).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> pids = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                if (line.startsWith("PIDS ")) {
                    for (String pid : line.substring(5).trim().split(" ")) {
                        pids.add(Long.parseLong(pid));
                    }
                    break;
                }
            }
            assertThat("the parent reported its workers", pids, not(empty()));
            parent.destroyForcibly();
            parent.onExit().get(30, TimeUnit.SECONDS);
        }
        for (long pid : pids) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                // The closed pipe ends them: bounded by the test's timeout, not by a sleep.
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
        // Anonymous shared memory went with its last process: no file was ever created for it.
        assertThat(countShmFiles(), is(shmFiles));
    }

    private static long countShmFiles() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!java.nio.file.Files.isDirectory(shm)) {
            return 0;
        }
        try (Stream<Path> files = java.nio.file.Files.list(shm)) {
            return files.count();
        }
    }
}
