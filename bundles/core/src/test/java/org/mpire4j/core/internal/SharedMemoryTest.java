package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.SharedDataset;
import org.mpire4j.api.SharedFloatArray;
import org.mpire4j.api.SharedIntArray;
import org.mpire4j.api.SharedLong;
import org.mpire4j.api.SharedMemory;
import org.mpire4j.api.SharedObjects;
import org.mpire4j.api.WorkerPool;

/**
 * Shared memory on every start method: the seed's second example, atomic values and a lock that
 * hold across processes, copy-on-write datasets, and nothing left behind.
 */
@Timeout(120)
class SharedMemoryTest {

    private static final SharedObjects SHM = SharedMemory.get();

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The seed's two result containers. */
    record Results(SharedFloatArray squares, SharedFloatArray sums) implements Serializable {
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void theSeedsSecondExampleWritesEveryIndexExactly(String method) {
        Results shared = new Results(SHM.floats(100, false), SHM.floats(100, false));
        try (WorkerPool<Results> pool = StartMethods.pool(method, 4).sharedObjects(shared).build()) {
            List<Integer> parity = pool.map((ctx, x) -> {
                ctx.shared().squares().set(x, x * x);
                ctx.shared().sums().set(x, x + x);
                return x % 2;
            }, range(100));
            assertThat(parity, equalTo(IntStream.range(0, 100).map(x -> x % 2).boxed().toList()));
        }
        for (int x = 0; x < 100; x++) {
            assertThat(shared.squares().get(x), is((float) (x * x)));
            assertThat(shared.sums().get(x), is((float) (x + x)));
        }
        shared.squares().close();
        shared.sums().close();
    }

    /** A counter updated atomically and one updated under the shared lock: both exact. */
    record Counters(SharedLong atomic, SharedLong locked, SharedIntArray perWorker) implements Serializable {
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void atomicsAndTheLockHoldAcrossWorkers(String method) {
        Counters counters = new Counters(SHM.value(0, false), SHM.value(0, true), SHM.ints(4, true));
        try (WorkerPool<Counters> pool = StartMethods.pool(method, 4).sharedObjects(counters).build()) {
            pool.map((ctx, x) -> {
                ctx.shared().atomic().addAndGet(1);
                var lock = ctx.shared().locked().lock();
                lock.lock();
                try {
                    long seen = ctx.shared().locked().get(); // a read-modify-write only the lock makes safe
                    Thread.onSpinWait();
                    ctx.shared().locked().set(seen + 1);
                } finally {
                    lock.unlock();
                }
                SharedIntArray perWorker = ctx.shared().perWorker();
                perWorker.lock().withLock(() -> perWorker.set(ctx.workerId(), perWorker.get(ctx.workerId()) + 1));
                return x;
            }, range(400), MapOptions.defaults().chunkSize(5));
        }
        assertThat(counters.atomic().get(), is(400L));
        assertThat(counters.locked().get(), is(400L));
        assertThat(IntStream.of(counters.perWorker().toArray()).sum(), is(400));
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aWorkersWriteIsVisibleToTheParentAndToLaterWorkers(String method) {
        SharedIntArray board = SHM.ints(8, false);
        try (WorkerPool<SharedIntArray> pool = StartMethods.pool(method, 2).sharedObjects(board).build()) {
            pool.map((ctx, x) -> {
                ctx.shared().set(x, 10 + x);
                return x;
            }, range(8), MapOptions.defaults().chunkSize(1));
            assertThat(board.get(7), is(17));
            // A second map runs on fresh workers (no keep-alive): they read what the first ones wrote.
            List<Integer> read = pool.map((ctx, x) -> ctx.shared().get(x), range(8));
            assertThat(read, contains(10, 11, 12, 13, 14, 15, 16, 17));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void datasetsAreCopyOnWriteForProcessWorkers(String method) {
        double[] data = IntStream.range(0, 1 << 20).asDoubleStream().toArray();
        double sum = (double) (1L << 20) * ((1 << 20) - 1) / 2;
        SharedDataset dataset = SHM.dataset(data);
        try (WorkerPool<SharedDataset> pool = StartMethods.pool(method, 2).sharedObjects(dataset)
                .orderTasks(true).build()) {
            // Task i runs on worker i % 2: it reports index 0 as it sees it, sums everything, then writes.
            List<double[]> seen = pool.map((ctx, x) -> {
                SharedDataset d = ctx.shared();
                double first = d.getDouble(0);
                double total = 0;
                for (long i = 0; i < (1 << 20); i++) {
                    total += d.getDouble(i);
                }
                d.setDouble(0, 100 + ctx.workerId());
                return new double[] {first, total};
            }, range(4), MapOptions.defaults().chunkSize(1).taskTimeout(java.time.Duration.ofSeconds(60)));
            if (StartMethods.isProcess(method)) {
                assertThat("worker 0's first read", seen.get(0)[0], is(0.0));
                assertThat("worker 1 does not see worker 0's write", seen.get(1)[0], is(0.0));
                assertThat("worker 0 sees its own write", seen.get(2)[0], is(100.0));
                assertThat("worker 1 sees its own write", seen.get(3)[0], is(101.0));
                assertThat("the parent's data is unchanged", dataset.getDouble(0), is(0.0));
                for (double[] s : seen) {
                    assertThat("every element read through the mapping", s[1], is(sum + s[0]));
                }
            } else {
                // Threads share one segment, as MPIRE's threads share objects: writes are visible to all.
                assertThat(dataset.getDouble(0) >= 100, is(true));
            }
        }
        dataset.close();
    }

    private static long memfdsOf(String kind) throws IOException {
        long pid = ProcessHandle.current().pid();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("mpire4j-" + kind + "-" + pid + "-");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void closingReleasesTheMemoryAndNothingIsEverAFile() throws IOException {
        long before = memfdsOf("doubles");
        long shmFiles = shmFiles();
        var array = SHM.doubles(1000, false);
        assertThat(memfdsOf("doubles"), is(before + 1));
        assertThat("memfd memory has no name in any file system", shmFiles(), is(shmFiles));
        array.close();
        assertThat(memfdsOf("doubles"), is(before));
    }

    private static long shmFiles() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(shm)) {
            return files.count();
        }
    }

    @Test
    void arraysWithoutALockSaySoAndIndexesAreChecked() {
        try (var array = SHM.floats(3, false)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, array::lock);
            assertThat(e.getMessage(), containsString("created without a lock"));
            IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> array.set(3, 1f));
            assertThat(out.getMessage(), containsString("Index 3 out of bounds for length 3"));
        }
    }

    @Test
    void theLockIsReentrantAndRefusesAStranger() throws Exception {
        var lock = SHM.lock();
        lock.lock();
        lock.lock();
        lock.unlock();
        var other = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread.ofPlatform().start(() -> other.complete(lock.tryLock(java.time.Duration.ofMillis(50))));
        assertThat("still held once by this thread", other.get(10, java.util.concurrent.TimeUnit.SECONDS), is(false));
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }
}
