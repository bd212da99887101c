package org.mpire4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-task overhead of {@link WorkerPool#map} on the {@code thread} start method, against a
 * plain {@link ThreadPoolExecutor} and a {@link ForkJoinPool} doing the same work with the same
 * chunking.
 *
 * <p>One operation maps {@link Input#tasks} (1,000,000) boxed {@code Integer}s through a trivial
 * task, {@code x -> x * x}, on {@link Input#jobs} (2) workers and returns the results in input order.
 * The work per task is deliberately negligible, so the time per operation divided by the number of
 * tasks is the price each variant charges per task for chunking, hand-off, and gathering results.
 * {@code bench/run} prints that figure (ns/task) and each variant's ratio to the faster baseline.
 *
 * <p>Every variant applies the same {@link #SQUARE} object through the {@link Task} interface, so
 * the work done per task is identical and only the machinery around it differs. Every variant
 * returns its result list, which JMH consumes, so the JIT cannot drop the work; the states check
 * the results once at set-up, so a variant that computes the wrong thing fails instead of reporting
 * a flattering number.
 *
 * <p>Defaults fit a small (2-core) machine and can be overridden on the JMH command line, for
 * example {@code bench/run -wi 1 -i 2 -p tasks=100000}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// A fixed, pre-touched heap keeps heap sizing out of the comparison. The larger G1 region matters
// most: with the default 1 MB regions (2 GB heap) every 1,000,000-element result array (4 MB) is a
// humongous object allocated in the old generation, the young Integers it refers to are promoted
// with it, and young pauses grow to ~250 ms each (measured): GC would dominate every variant and
// hide the per-task overhead this benchmark is about. With 16 MB regions such arrays are ordinary
// young objects. -jvmArgs on the command line replaces these.
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:G1HeapRegionSize=16m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MapOverheadBenchmark {

    /** The task every variant applies; it ignores the worker context, so the baselines pass none. */
    static final Task<Object, Integer, Integer> SQUARE = (context, x) -> x * x;

    /** The name of the start method measured. */
    static final String START_METHOD = "thread";

    /** The input shared by all variants, built once per trial so that boxing is not measured. */
    @State(Scope.Benchmark)
    public static class Input {

        /** The number of tasks in one map. */
        @Param("1000000")
        public int tasks;

        /** The number of workers (threads) of every pool. */
        @Param("2")
        public int jobs;

        /** The arguments: {@code 0..tasks-1}, boxed (most of them outside the Integer cache). */
        List<Integer> args;

        /**
         * The baselines' chunk size: mpire4j's automatic one, {@code tasks / (jobs * 64)}, rounded up.
         * MPIRE keeps the fraction and alternates 7813- and 7812-argument chunks for 1,000,000 tasks
         * on 2 jobs; both give 128 chunks, so the baselines hand off exactly as often.
         */
        int chunkSize;

        /** Builds the arguments and the chunk size. */
        @Setup(Level.Trial)
        public void setUp() {
            List<Integer> list = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                list.add(i);
            }
            args = List.copyOf(list);
            chunkSize = (int) Math.max(1, (tasks + jobs * 64L - 1) / (jobs * 64L));
        }

        /**
         * Fails the trial unless {@code results} is the map of {@link #SQUARE} over the input, in order.
         *
         * @param variant what produced the results, for the message
         * @param results the results
         */
        void check(String variant, List<Integer> results) {
            if (results.size() != tasks) {
                throw new AssertionError(variant + " returned " + results.size() + " results for " + tasks + " tasks");
            }
            for (int i = 0; i < tasks; i++) {
                if (results.get(i) != i * i) {
                    throw new AssertionError(variant + " returned " + results.get(i) + " at " + i + ", expected " + i * i);
                }
            }
        }
    }

    /**
     * An mpire4j pool with keep-alive, built and started once per trial so that worker start-up is
     * not measured: what is left is the cost of each map.
     */
    @State(Scope.Benchmark)
    public static class Mpire {

        WorkerPool<Void> pool;

        /**
         * Builds the pool and runs one full map, which starts the workers and checks the results.
         *
         * @param input the input
         */
        @Setup(Level.Trial)
        public void setUp(Input input) {
            pool = WorkerPool.builder().jobs(input.jobs).startMethod(START_METHOD).keepAlive(true).build();
            input.check("mpire4j map", pool.map(SQUARE, input.args));
        }

        /** Stops the workers and closes the pool. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** A plain {@link ThreadPoolExecutor} with {@code jobs} threads, started once per trial. */
    @State(Scope.Benchmark)
    public static class Tpe {

        ThreadPoolExecutor executor;

        /**
         * Builds the executor, starts its threads, and checks one full map.
         *
         * @param input the input
         * @throws Exception if the check map fails
         */
        @Setup(Level.Trial)
        public void setUp(Input input) throws Exception {
            // Fixed size and an unbounded queue: the textbook Executors.newFixedThreadPool(jobs).
            executor = new ThreadPoolExecutor(input.jobs, input.jobs, 0L, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>());
            executor.prestartAllCoreThreads();
            input.check("ThreadPoolExecutor", chunkedMap(executor, input));
        }

        /**
         * Stops the threads.
         *
         * @throws InterruptedException if interrupted while waiting for them
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            shutdown(executor);
        }
    }

    /** A {@link ForkJoinPool} with parallelism {@code jobs}, started once per trial. */
    @State(Scope.Benchmark)
    public static class Fjp {

        ForkJoinPool pool;

        /**
         * Builds the pool and checks one full map, which also starts its threads.
         *
         * @param input the input
         * @throws Exception if the check map fails
         */
        @Setup(Level.Trial)
        public void setUp(Input input) throws Exception {
            pool = new ForkJoinPool(input.jobs);
            input.check("ForkJoinPool", chunkedMap(pool, input));
        }

        /**
         * Stops the threads.
         *
         * @throws InterruptedException if interrupted while waiting for them
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            shutdown(pool);
        }
    }

    /**
     * mpire4j: {@code pool.map(task, args)} with automatic chunking on a keep-alive pool whose
     * workers are already running.
     *
     * @param input the input
     * @param mpire the pool
     * @return the results, consumed by JMH
     */
    @Benchmark
    public List<Integer> mpireMap(Input input, Mpire mpire) {
        return mpire.pool.map(SQUARE, input.args);
    }

    /**
     * mpire4j with a pool built, started and closed within each operation (no keep-alive): the
     * difference to {@link #mpireMap} is the cost of starting and stopping the workers.
     *
     * @param input the input
     * @return the results, consumed by JMH
     */
    @Benchmark
    public List<Integer> mpireMapPoolPerOp(Input input) {
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(input.jobs).startMethod(START_METHOD).build()) {
            return pool.map(SQUARE, input.args);
        }
    }

    /**
     * Baseline: a fixed {@link ThreadPoolExecutor}, one {@link Callable} per chunk.
     *
     * @param input the input
     * @param tpe the executor
     * @return the results, consumed by JMH
     * @throws Exception if a chunk failed
     */
    @Benchmark
    public List<Integer> threadPoolExecutor(Input input, Tpe tpe) throws Exception {
        return chunkedMap(tpe.executor, input);
    }

    /**
     * Baseline: a {@link ForkJoinPool}, one {@link Callable} per chunk submitted from outside.
     *
     * @param input the input
     * @param fjp the pool
     * @return the results, consumed by JMH
     * @throws Exception if a chunk failed
     */
    @Benchmark
    public List<Integer> forkJoinPool(Input input, Fjp fjp) throws Exception {
        return chunkedMap(fjp.pool, input);
    }

    /**
     * Reference: the same loop on the calling thread, no pool. It shows how much of each variant's
     * time is the work itself (boxing the results and filling the list) rather than hand-off.
     *
     * @param input the input
     * @return the results, consumed by JMH
     * @throws Exception never; {@link Task#apply} declares it
     */
    @Benchmark
    public List<Integer> sequential(Input input) throws Exception {
        List<Integer> args = input.args;
        List<Integer> results = new ArrayList<>(args.size());
        for (Integer x : args) {
            results.add(SQUARE.apply(null, x));
        }
        return results;
    }

    /**
     * What a competent hand-written chunked map looks like: one Callable per chunk of
     * {@link Input#chunkSize} arguments, each filling an array of results, gathered into one list
     * in input order. All chunks are submitted before the first is awaited, so the workers never
     * wait for the caller.
     */
    static List<Integer> chunkedMap(ExecutorService executor, Input input)
            throws InterruptedException, ExecutionException {
        List<Integer> args = input.args;
        int n = args.size();
        int chunk = input.chunkSize;
        List<Future<Integer[]>> futures = new ArrayList<>((n + chunk - 1) / chunk);
        for (int from = 0; from < n; from += chunk) {
            // A subList view: the baseline does not copy arguments; a pool reading an arbitrary
            // Iterable has to, so this favours the baselines, as a baseline should.
            List<Integer> slice = args.subList(from, Math.min(n, from + chunk));
            futures.add(executor.submit(() -> {
                Integer[] out = new Integer[slice.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = SQUARE.apply(null, slice.get(i));
                }
                return out;
            }));
        }
        List<Integer> results = new ArrayList<>(n);
        for (Future<Integer[]> future : futures) {
            results.addAll(Arrays.asList(future.get())); // an array copy, not an element-wise loop
        }
        return results;
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
