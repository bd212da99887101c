package org.mpire4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.SharedDataset;
import org.mpire4j.api.SharedLong;
import org.mpire4j.api.SharedMemory;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.examples.PrefixCount;
import org.mpire4j.process.AotCache;
import org.mpire4j.process.IdleWorkers;
import org.mpire4j.process.WorkerMain;
import org.mpire4j.hazelcast.Member;

/**
 * MPIRE's benchmark workloads in Java, timed on every start method, and the cost model of each start
 * method: {@code bench/run workloads [options]}.
 *
 * <ul>
 * <li><b>W1 numerical</b> (MPIRE benchmark 1): a {@code N x N} image of doubles (fixed seed) is the
 * pool's shared object, as a {@link SharedDataset} on the process start methods (placed once, mapped
 * copy-on-write, zero copy) and as a plain {@code double[]} on threads; {@code jobs * 10} random 4x4
 * filters; each task computes the full 2-D convolution ({@code (N+3) x (N+3)}, as SciPy's
 * {@code convolve2d(mode="full")}) and returns every 5th row and column of it, as MPIRE's benchmark
 * does ({@code convolve2d(image, filter)[::5, ::5]}). Variants: serial, a plain
 * {@link ExecutorService} whose tasks capture the image, and each start method.
 * <li><b>W2 stateful</b> (MPIRE benchmark 2): {@link PrefixCount} over {@code PrefixCount.corpus(400,
 * 10_000, 20, seed)}: per-worker prefix counts in worker state, returned by the exit hook, merged by
 * the caller.
 * <li><b>W3 tiny tasks</b>: {@code x -> x * x} over 1,000,000 {@code Integer}s with automatic chunking;
 * cold (pool built, map, close: what a user pays once) and warm (a kept-alive pool that already ran
 * {@link #W3_WARM_UP_MAPS} maps: the per-task cost alone, with both sides compiled).
 * <li><b>W4 start-up</b>: from building a pool of 2 workers to the first result of {@code apply}.
 * <li><b>W5 memory</b>: 2 workers each read a dataset of {@code --w5-mib} MiB (1 GiB) held in a
 * {@link SharedDataset}; the workers' private memory (USS) growth and the PSS of parent and workers.
 * </ul>
 *
 * <p>Timed runs of W1 to W3 include building the pool, the map, and closing the pool (on the
 * process start methods also placing the image in shared memory), as MPIRE's benchmark times
 * {@code with WorkerPool(...) as pool: pool.map(...)}; input generation is not timed. Each variant's
 * checksum is compared with the serial one. Prints a Markdown table and JSON lines (prefix
 * {@code WORKLOAD_JSON }), and writes the JSON lines to {@code --json FILE} when given.
 *
 * <p>Start method {@code hazelcast} ({@code --methods ...,hazelcast}): the harness starts
 * {@code --members N} (3) Hazelcast members itself, each its own JVM on 127.0.0.1 with this JVM's class
 * path (so they can load the workload tasks), a free port, a cluster name of its own and
 * {@code --die-with-parent}, before any workload, and stops them at the end (also on failure). The
 * client connects once, untimed; each timed run builds its pool on the running members, which sends
 * the pool's program and shared objects to every member. W1 runs twice there: with the image in a
 * {@link SharedDataset} (as on spawn; local members map the parent's memory) and as a {@code double[]}
 * sent once per member (what members on other hosts need).
 */
public final class Workloads {

    private static final String JSON_PREFIX = "WORKLOAD_JSON ";
    private static final List<String> ALL_METHODS = List.of("thread", "spawn", "fork");
    private static final String HAZELCAST = "hazelcast";
    private static final int FILTER = 4;
    private static final int STEP = 5;

    private Workloads() {
    }

    // ---------------------------------------------------------------------------------------------
    // Options

    /** The command line. */
    record Options(boolean quick, int runs, int jobs, Set<String> workloads, List<String> methods, long seed,
            int imageSize, int documents, int meanWords, int tinyTasks, int startupRuns, long w5Bytes,
            boolean w1ChecksumOnly, Path json, int members, String memberXmx) {

        boolean hazelcast() {
            return methods.contains(HAZELCAST);
        }
    }

    private static void usage() {
        System.out.println("""
                Usage: bench/run workloads [options]
                  --quick              small sizes, 1 run (smoke test)
                  --runs N             timed runs per variant; the median is reported (default 3; quick 1)
                  --jobs N             workers (default: available processors; with hazelcast: --members,
                                       one worker per member, for every start method alike)
                  --only W1,W2,...     workloads to run (default all: W1,W2,W3,W4,W5)
                  --methods a,b        start methods (default thread,spawn,fork; also hazelcast)
                  --members N          hazelcast: local member JVMs the harness starts on 127.0.0.1 (default 3)
                  --member-xmx SIZE    hazelcast: each member's -Xmx (default 1g: W1 sends the 200 MB image
                                       to every member)
                  --seed N             random seed (default 42)
                  --image N            W1 image side (default 5000; quick 1000)
                  --documents N        W2 documents (default 400; quick 40)
                  --words N            W2 mean words per document (default 10000; quick 2000)
                  --tasks N            W3 tasks (default 1000000; quick 100000)
                  --startup-runs N     W4 runs per start method (default 7; quick 2)
                  --w5-mib N           W5 dataset size in MiB (default 1024; quick 64)
                  --w1-checksum-only   W1 tasks return a checksum instead of the 1001x1001 subsample
                  --json FILE          also write the JSON lines to FILE
                """);
    }

    static Options parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int runs = quick ? 1 : 3;
        int jobs = Runtime.getRuntime().availableProcessors();
        boolean jobsGiven = false;
        int members = 3;
        String memberXmx = "1g";
        Set<String> workloads = new LinkedHashSet<>(List.of("W1", "W2", "W3", "W4", "W5"));
        List<String> methods = ALL_METHODS;
        long seed = 42;
        int image = quick ? 1000 : 5000;
        int documents = quick ? 40 : 400;
        int words = quick ? 2000 : 10_000;
        int tasks = quick ? 100_000 : 1_000_000;
        int startupRuns = quick ? 2 : 7;
        long w5 = quick ? 64L << 20 : 1L << 30;
        boolean checksumOnly = false;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--runs" -> runs = positive(a, args[++i]);
                case "--jobs" -> {
                    jobs = positive(a, args[++i]);
                    jobsGiven = true;
                }
                case "--members" -> members = positive(a, args[++i]);
                case "--member-xmx" -> memberXmx = args[++i];
                case "--only" -> {
                    workloads = new LinkedHashSet<>();
                    for (String w : args[++i].split(",")) {
                        workloads.add(w.trim().toUpperCase(Locale.ROOT));
                    }
                }
                case "--methods" -> methods = List.of(args[++i].split(","));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--image" -> image = positive(a, args[++i]);
                case "--documents" -> documents = positive(a, args[++i]);
                case "--words" -> words = positive(a, args[++i]);
                case "--tasks" -> tasks = positive(a, args[++i]);
                case "--startup-runs" -> startupRuns = positive(a, args[++i]);
                case "--w5-mib" -> w5 = (long) positive(a, args[++i]) << 20;
                case "--w1-checksum-only" -> checksumOnly = true;
                case "--json" -> json = Path.of(args[++i]);
                case "-h", "--help" -> {
                    usage();
                    System.exit(0);
                }
                default -> {
                    System.err.println("workloads: unknown option " + a);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (!jobsGiven && methods.contains(HAZELCAST)) {
            jobs = members;
        }
        return new Options(quick, runs, jobs, workloads, methods, seed, image, documents, words, tasks, startupRuns,
                w5, checksumOnly, json, members, memberXmx);
    }

    private static int positive(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, was " + v);
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Main

    /** One timed variant. */
    record Row(String workload, String variant, String params, double[] seconds, long checksum, Boolean ok,
            double serialMedian, Map<String, Object> extra) {

        double median() {
            return Workloads.median(seconds);
        }
    }

    /** One W5 measurement. */
    record MemRow(String variant, long bytes, long workersUssGrowth, long parentPss, List<Long> workerPss,
            long parentPssGrowth, double readSeconds, boolean ok, Map<String, Object> extra) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<MemRow> memRows = new ArrayList<>();
    private final List<String> jsonLines = new ArrayList<>();
    private final String loadAtStart = loadAverage();
    /** The local members of start method hazelcast, while they run. */
    private LocalCluster cluster;
    private Map<String, Object> clusterInfo;

    /** The first three fields of /proc/loadavg: other work on the machine skews every figure. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Runs the workloads.
     *
     * @param args see {@code --help}
     * @throws Exception if a workload fails
     */
    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Workloads w = new Workloads();
        String machine = machine();
        System.out.println(machine);
        System.out.printf(Locale.ROOT, "options: %s%n", options);
        try {
            if (options.hazelcast()) {
                w.startCluster(options);
            }
            if (options.workloads().contains("W1")) {
                w.numerical(options);
            }
            if (options.workloads().contains("W2")) {
                w.stateful(options);
            }
            if (options.workloads().contains("W3")) {
                w.tiny(options);
            }
            if (options.workloads().contains("W4")) {
                w.startup(options);
            }
            if (options.workloads().contains("W5")) {
                w.memory(options);
            }
        } finally {
            if (w.cluster != null) {
                w.cluster.close();
                w.cluster = null;
            }
        }
        w.report(machine, options);
    }

    static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, "machine: %d cores (availableProcessors), %s, %s, %d MiB max heap%n"
                + "java: %s %s (%s)", Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), cpu,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"));
    }

    // ---------------------------------------------------------------------------------------------
    // Timing

    /** A run that returns its checksum. */
    @FunctionalInterface
    interface Run {
        long run() throws Exception;
    }

    private void time(Options o, String workload, String variant, String params, Run run, Long expected,
            Map<String, Object> extra) throws Exception {
        time(o, workload, variant, params, () -> { }, run, expected, extra, () -> { });
    }

    /**
     * Times a process start method twice: first as the first pool of a fresh parent JVM (variant
     * {@code "<variant> first"}: before each run, every idle worker process is ended, so the pool starts
     * JVMs; whether an AOT cache for them existed is recorded), then as the pools after the first (the plain
     * variant, which finds the idle workers an earlier pool left). Other start methods are timed once.
     */
    private void timeFirstAndLater(Options o, String workload, String method, String variant, String params, Run run,
            Long expected, Map<String, Object> extra) throws Exception {
        if (method.equals("spawn") || method.equals("fork")) {
            Map<String, Object> first = new LinkedHashMap<>(extra);
            first.put("pool", "first in a fresh parent JVM: no idle worker");
            long with = AotCache.workersStartedWithCache();
            long without = AotCache.workersStartedWithoutCache();
            time(o, workload, variant + " first", params, Workloads::noIdleWorkers, run, expected, first, () -> {
                first.put("workerJvmsStartedWithAotCache", AotCache.workersStartedWithCache() - with);
                first.put("workerJvmsStartedWithoutAotCache", AotCache.workersStartedWithoutCache() - without);
            });
            Map<String, Object> later = new LinkedHashMap<>(extra);
            later.put("pool", "after the first: idle workers reused");
            time(o, workload, variant, params, () -> { }, run, expected, later, () -> { });
        } else {
            time(o, workload, variant, params, run, expected, extra);
        }
    }

    /** Ends the idle worker processes and waits (bounded) until they are gone, as in a fresh parent JVM. */
    static void noIdleWorkers() {
        IdleWorkers.evictAll();
        // Worker JVMs (and AOT training JVMs) of this process: wait, bounded, until each has exited.
        for (ProcessHandle worker : ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName())).toList()) {
            try {
                worker.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.out.println("  (a worker JVM did not exit within 10 s: " + worker.pid() + ")");
            }
        }
    }

    private void time(Options o, String workload, String variant, String params, Runnable before, Run run,
            Long expected, Map<String, Object> extra, Runnable afterRuns) throws Exception {
        double[] seconds = new double[o.runs()];
        long checksum = 0;
        boolean consistent = true;
        for (int r = 0; r < o.runs(); r++) {
            before.run();
            System.gc();
            long t0 = System.nanoTime();
            long c = run.run();
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (r > 0 && c != checksum) {
                consistent = false;
            }
            checksum = c;
            System.out.printf(Locale.ROOT, "  %s %-18s run %d: %.3f s  checksum %016x%n", workload, variant, r + 1,
                    seconds[r], c);
        }
        afterRuns.run();
        Boolean ok = expected == null ? (Boolean) consistent : (Boolean) (consistent && checksum == expected);
        double serial = rows.stream().filter(x -> x.workload().equals(workload) && x.variant().equals("serial"))
                .mapToDouble(Row::median).findFirst().orElse(Double.NaN);
        Row row = new Row(workload, variant, params, seconds, checksum, ok, serial, extra);
        rows.add(row);
        json(row);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private <S> WorkerPool<S> pool(int jobs, String method, S shared, boolean keepAlive) {
        PoolBuilder<S> builder = WorkerPool.builder().jobs(jobs).startMethod(method).keepAlive(keepAlive)
                .sharedObjects(shared);
        if (method.equals(HAZELCAST)) {
            if (cluster == null) {
                throw new IllegalStateException("start method hazelcast without local members");
            }
            builder.startMethodOption("members", cluster.memberList()).startMethodOption("clusterName", cluster.name());
        }
        return builder.build();
    }

    // ---------------------------------------------------------------------------------------------
    // Start method hazelcast: local members

    /** The JVM options Hazelcast recommends on JDK 17+, when bench/run does not pass the hazelcast bundle's. */
    private static final String HAZELCAST_JVM_ARGS = "--add-modules java.se --add-exports "
            + "java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens "
            + "java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens "
            + "jdk.management/com.sun.management.internal=ALL-UNNAMED";

    /**
     * Members of a cluster of its own, each a JVM on 127.0.0.1 with this JVM's class path, started with
     * {@code --die-with-parent} (they halt when this JVM ends, however it ends) and destroyed by
     * {@link #close()}.
     */
    static final class LocalCluster implements AutoCloseable {

        /** Held so the level sticks: the client logs every connection at INFO. */
        private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
        private static final long READY_SECONDS = 120;

        private final String name = "mpire4j-bench-" + UUID.randomUUID();
        private final List<Integer> ports;
        private final List<Process> processes = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Path logs;
        private final Thread hook = new Thread(this::destroy, "mpire4j-bench-members-stop");
        private boolean closed;

        private LocalCluster(List<Integer> ports, Path logs) {
            this.ports = ports;
            this.logs = logs;
        }

        String name() {
            return name;
        }

        String memberList() {
            return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        }

        List<String> jvmArgs() {
            return jvmArgs;
        }

        /**
         * Starts {@code n} members, the first alone and the others joining it in parallel, and returns
         * when all printed their ready line; on any failure the ones started are destroyed.
         */
        static LocalCluster start(int n, String xmx, Path logs) throws IOException, InterruptedException {
            HAZELCAST_LOG.setLevel(Level.WARNING);
            Files.createDirectories(logs);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ports.add(freePort(ports));
            }
            LocalCluster c = new LocalCluster(ports, logs);
            Runtime.getRuntime().addShutdownHook(c.hook);
            boolean started = false;
            try {
                String hz = System.getProperty("mpire4j.hazelcast.jvmArgs", HAZELCAST_JVM_ARGS);
                for (String arg : hz.trim().split("\\s+")) {
                    if (!arg.isEmpty()) {
                        c.jvmArgs.add(arg);
                    }
                }
                c.jvmArgs.addAll(List.of("-Xmx" + xmx, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
                String first = "127.0.0.1:" + ports.getFirst();
                c.awaitReady(0, c.launch(0, first));
                List<CompletableFuture<String>> rest = new ArrayList<>();
                for (int i = 1; i < n; i++) {
                    rest.add(c.launch(i, first + ",127.0.0.1:" + ports.get(i)));
                }
                for (int i = 1; i < n; i++) {
                    c.awaitReady(i, rest.get(i - 1));
                }
                started = true;
                return c;
            } finally {
                if (!started) {
                    c.close();
                }
            }
        }

        private static int freePort(List<Integer> taken) throws IOException {
            while (true) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    if (!taken.contains(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                }
            }
        }

        private Path log(int index) {
            return logs.resolve("member-" + index + ".log");
        }

        /** Starts member {@code index}; the future completes with its ready line. */
        private CompletableFuture<String> launch(int index, String join) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Member.class.getName(),
                    "--cluster", name, "--port", Integer.toString(ports.get(index)), "--members", join,
                    "--die-with-parent"));
            Process p = new ProcessBuilder(command).redirectError(log(index).toFile()).start();
            synchronized (processes) {
                processes.add(p);
            }
            // Standard input stays open and empty: its end is this JVM's end (--die-with-parent).
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread.ofPlatform().daemon(true).name("mpire4j-bench-member-" + index + "-stdout").start(() -> {
                List<String> before = new ArrayList<>();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null;) {
                        if (line.startsWith("mpire4j member ready")) {
                            ready.complete(line);
                        } else if (!ready.isDone() && before.size() < 20) {
                            before.add(line); // the JVM reports a failed start on standard output
                        }
                    }
                } catch (IOException e) {
                    // destroyed
                }
                ready.completeExceptionally(new IOException("member " + index + " ended before it was ready"
                        + (before.isEmpty() ? "" : ", saying: " + String.join(" / ", before))));
            });
            return ready;
        }

        private void awaitReady(int index, CompletableFuture<String> ready) throws IOException, InterruptedException {
            try {
                System.out.printf(Locale.ROOT, "  hazelcast member %d (pid %d): %s%n", index, processes.get(index).pid(),
                        ready.get(READY_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                String tail = "";
                try {
                    List<String> lines = Files.readAllLines(log(index));
                    tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
                } catch (IOException | RuntimeException ignored) {
                    // no log
                }
                throw new IOException("Hazelcast member " + index + " did not start ("
                        + (e instanceof ExecutionException ? e.getCause().getMessage()
                                : "no ready line in " + READY_SECONDS + " s") + "); see " + log(index)
                        + (tail.isEmpty() ? "" : ":\n" + tail), e);
            }
        }

        private void destroy() {
            List<Process> all;
            synchronized (processes) {
                all = new ArrayList<>(processes);
            }
            for (Process p : all) {
                p.destroyForcibly();
            }
            for (Process p : all) {
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        System.err.println("hazelcast member pid " + p.pid() + " did not end in 10 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Shuts this JVM's Hazelcast clients down, then destroys the members and waits for them to end. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                com.hazelcast.client.HazelcastClient.shutdownAll();
            } catch (RuntimeException | LinkageError e) {
                System.err.println("hazelcast: cannot shut the clients down: " + e);
            } finally {
                destroy();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs anyway
                }
            }
        }
    }

    /**
     * Starts the local members before any workload, and connects this JVM's client with one untimed pool,
     * so the timed runs pay for pools on a running cluster, as a long-lived application would.
     */
    private void startCluster(Options o) throws Exception {
        // The client otherwise disconnects 10 s after its last worker ended (between variants), and the next
        // timed run would pay the reconnection.
        if (System.getProperty("mpire4j.hazelcast.lingerMillis") == null) {
            System.setProperty("mpire4j.hazelcast.lingerMillis", Long.toString(TimeUnit.HOURS.toMillis(1)));
        }
        Path logs = o.json() != null && o.json().toAbsolutePath().getParent() != null
                ? o.json().toAbsolutePath().getParent().resolve("hazelcast-members")
                : Files.createTempDirectory("mpire4j-bench-members");
        System.out.printf(Locale.ROOT, "hazelcast: starting %d local members (-Xmx%s, logs in %s)%n", o.members(),
                o.memberXmx(), logs);
        long t0 = System.nanoTime();
        cluster = LocalCluster.start(o.members(), o.memberXmx(), logs);
        double up = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        int answer;
        try (WorkerPool<Void> pool = pool(1, HAZELCAST, null, false)) {
            answer = pool.apply(ANSWER, 41);
        }
        double connect = (System.nanoTime() - t1) / 1e9;
        if (answer != 42) {
            throw new IllegalStateException("hazelcast: the first task answered " + answer);
        }
        System.out.printf(Locale.ROOT, "hazelcast: %d members up in %.2f s (first alone, the rest joining it); "
                + "client connected and first task answered in %.2f s (both untimed)%n", o.members(), up, connect);
        clusterInfo = new LinkedHashMap<>();
        clusterInfo.put("workload", "hazelcast-cluster");
        clusterInfo.put("members", o.members());
        clusterInfo.put("host", "127.0.0.1");
        clusterInfo.put("memberXmx", o.memberXmx());
        clusterInfo.put("memberJvmArgs", String.join(" ", cluster.jvmArgs()));
        clusterInfo.put("membersUpSeconds", up);
        clusterInfo.put("clientConnectAndFirstTaskSeconds", connect);
        emit(clusterInfo);
    }

    // ---------------------------------------------------------------------------------------------
    // W1: numerical

    /**
     * The image as an array, the thread start method's and the executor's shared object; on hazelcast
     * it is sent, serialized, to every member.
     */
    record ArrayImage(double[] pixels, int n) implements Serializable {
    }

    /** The image in shared memory, the process start methods' shared object. */
    record SharedImage(SharedDataset pixels, int n) implements Serializable {
    }

    static final Task<ArrayImage, double[], double[]> CONVOLVE_ARRAY =
            (ctx, f) -> convolve(ctx.shared().pixels(), ctx.shared().n(), f);
    static final Task<SharedImage, double[], double[]> CONVOLVE_SHARED =
            (ctx, f) -> convolve(ctx.shared().pixels().segment(), ctx.shared().n(), f);
    static final Task<ArrayImage, double[], Long> CONVOLVE_ARRAY_SUM =
            (ctx, f) -> hash(convolve(ctx.shared().pixels(), ctx.shared().n(), f));
    static final Task<SharedImage, double[], Long> CONVOLVE_SHARED_SUM =
            (ctx, f) -> hash(convolve(ctx.shared().pixels().segment(), ctx.shared().n(), f));

    /**
     * The full 2-D convolution of an {@code n x n} image with a 4x4 filter, every 5th row and column:
     * {@code out[i][j] = sum over m, q of image[i-m][j-q] * filter[m][q]} (zero outside), for
     * {@code i, j} in {@code 0..n+2}. Every output row is computed in full, as MPIRE's benchmark does,
     * into a reused row buffer; only the kept ones are copied out.
     */
    static double[] convolve(double[] image, int n, double[] filter) {
        return convolve(null, image, n, filter);
    }

    /**
     * {@link #convolve(double[], int, double[])} over shared memory, with the same arithmetic: each image
     * row is copied once into a ring of the last 4 rows before it is used (the dataset itself is never
     * copied whole; a 1-row buffer copied every row 4 times). Reading
     * the segment element by element inside the inner loop measured 4-5 times slower on JDK 25 (the loop
     * is not vectorized), which would be the kernel's cost, not the start method's.
     */
    static double[] convolve(MemorySegment image, int n, double[] filter) {
        return convolve(image, null, n, filter);
    }

    private static double[] convolve(MemorySegment segment, double[] array, int n, double[] filter) {
        int full = n + FILTER - 1;
        int kept = (full + STEP - 1) / STEP;
        double[] out = new double[kept * kept];
        double[] row = new double[full];
        // Over shared memory, the last FILTER image rows in a ring: each row is copied out once per filter.
        double[][] ring = segment == null ? null : new double[FILTER][n];
        int[] ringRow = {-1, -1, -1, -1};
        int k = 0;
        for (int i = 0; i < full; i++) {
            Arrays.fill(row, 0.0);
            for (int m = 0; m < FILTER; m++) {
                int r = i - m;
                if (r < 0 || r >= n) {
                    continue;
                }
                double[] source;
                int base;
                if (segment == null) {
                    source = array;
                    base = r * n;
                } else {
                    int slot = r % FILTER;
                    if (ringRow[slot] != r) {
                        MemorySegment.copy(segment, ValueLayout.JAVA_DOUBLE, (long) r * n * Double.BYTES, ring[slot], 0, n);
                        ringRow[slot] = r;
                    }
                    source = ring[slot];
                    base = 0;
                }
                for (int q = 0; q < FILTER; q++) {
                    double w = filter[m * FILTER + q];
                    for (int c = 0; c < n; c++) {
                        row[c + q] += source[base + c] * w;
                    }
                }
            }
            if (i % STEP == 0) {
                for (int j = 0; j < full; j += STEP) {
                    out[k++] = row[j];
                }
            }
        }
        return out;
    }

    /** An order-sensitive hash of the exact bits of the values. */
    static long hash(double[] values) {
        long h = 17;
        for (double v : values) {
            h = h * 1_000_003L + Double.doubleToLongBits(v);
        }
        return h;
    }

    private static long combine(List<?> results) {
        long h = 1;
        for (Object r : results) {
            h = h * 31 + (r instanceof double[] d ? hash(d) : (Long) r);
        }
        return h;
    }

    private void numerical(Options o) throws Exception {
        int n = o.imageSize();
        SplittableRandom random = new SplittableRandom(o.seed());
        long t0 = System.nanoTime();
        double[] pixels = new double[n * n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextGaussian();
        }
        int count = o.jobs() * 10;
        List<double[]> filters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] f = new double[FILTER * FILTER];
            for (int j = 0; j < f.length; j++) {
                f[j] = random.nextGaussian();
            }
            filters.add(f);
        }
        ArrayImage image = new ArrayImage(pixels, n);
        boolean sum = o.w1ChecksumOnly();
        String params = String.format(Locale.ROOT, "image %dx%d, %d 4x4 filters, full convolution, every %dth "
                + "row/column returned%s, %d jobs", n, n, count, STEP, sum ? " as a checksum" : "", o.jobs());
        System.out.printf(Locale.ROOT, "W1 numerical: %s (input generated in %.2f s)%n", params,
                (System.nanoTime() - t0) / 1e9);
        // Compile the kernel in this JVM before timing, so the serial and in-JVM variants are not charged for
        // it; worker JVMs start cold every run, which is part of their cost.
        double[] small = Arrays.copyOf(pixels, 256 * 256);
        try (SharedDataset smallDataset = SharedMemory.get().dataset(small)) {
            for (int i = 0; i < 5; i++) {
                convolve(small, 256, filters.get(0));
                convolve(smallDataset.segment(), 256, filters.get(0));
            }
        }
        Task<ArrayImage, double[], ?> arrayTask = sum ? CONVOLVE_ARRAY_SUM : CONVOLVE_ARRAY;
        Task<SharedImage, double[], ?> sharedTask = sum ? CONVOLVE_SHARED_SUM : CONVOLVE_SHARED;

        time(o, "W1", "serial", params, () -> {
            List<Object> out = new ArrayList<>();
            for (double[] f : filters) {
                double[] r = convolve(pixels, n, f);
                out.add(sum ? (Object) hash(r) : r);
            }
            return combine(out);
        }, null, Map.of());
        long expected = rows.getLast().checksum();

        time(o, "W1", "executor", params, () -> {
            ExecutorService executor = Executors.newFixedThreadPool(o.jobs());
            try {
                List<Future<Object>> futures = new ArrayList<>();
                for (double[] f : filters) {
                    futures.add(executor.submit(() -> {
                        double[] r = convolve(pixels, n, f);
                        return sum ? (Object) hash(r) : r;
                    }));
                }
                List<Object> out = new ArrayList<>();
                for (Future<Object> future : futures) {
                    out.add(future.get());
                }
                return combine(out);
            } finally {
                executor.shutdown();
            }
        }, expected, Map.of());

        for (String method : o.methods()) {
            if (method.equals("thread")) {
                time(o, "W1", "thread", params, () -> {
                    try (WorkerPool<ArrayImage> pool = pool(o.jobs(), method, image, false)) {
                        return combine(pool.map(arrayTask, filters));
                    }
                }, expected, Map.of("shared", "double[]"));
            }
            timeFirstAndLater(o, "W1", method, method + (method.equals("thread") ? " (dataset)" : ""), params, () -> {
                try (SharedDataset dataset = SharedMemory.get().dataset(pixels);
                        WorkerPool<SharedImage> pool = pool(o.jobs(), method, new SharedImage(dataset, n), false)) {
                    return combine(pool.map(sharedTask, filters));
                }
            }, expected, Map.of("shared", "SharedDataset (placed in the timed run)"));
            if (method.equals(HAZELCAST)) {
                // Members on other hosts cannot map this host's memory: the image travels to each member.
                time(o, "W1", method + " (double[])", params, () -> {
                    try (WorkerPool<ArrayImage> pool = pool(o.jobs(), method, image, false)) {
                        return combine(pool.map(arrayTask, filters));
                    }
                }, expected, Map.of("shared", "double[] sent once per member (in the timed run)"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // W2: stateful

    private static long checksum(PrefixCount.Result result) {
        long h = result.words();
        for (Map.Entry<String, Long> e : result.prefixes().entrySet()) {
            h = h * 31 + e.getKey().hashCode();
            h = h * 31 + e.getValue();
        }
        return h * 31 + result.prefixes().size();
    }

    private void stateful(Options o) throws Exception {
        long t0 = System.nanoTime();
        List<String[]> corpus = PrefixCount.corpus(o.documents(), o.meanWords(), 20, o.seed());
        long words = corpus.stream().mapToLong(d -> d.length).sum();
        String params = String.format(Locale.ROOT, "%d documents, %d words (%d ± %d per document) of 20 letters, "
                + "%d jobs", o.documents(), words, o.meanWords(), o.meanWords() / 2, o.jobs());
        System.out.printf(Locale.ROOT, "W2 stateful: %s (input generated in %.2f s)%n", params,
                (System.nanoTime() - t0) / 1e9);
        int[] prefixes = new int[1];
        time(o, "W2", "serial", params, () -> {
            PrefixCount.Result r = PrefixCount.runSerially(corpus);
            prefixes[0] = r.prefixes().size();
            return checksum(r);
        }, null, Map.of());
        long expected = rows.getLast().checksum();
        for (String method : o.methods()) {
            timeFirstAndLater(o, "W2", method, method, params, () -> {
                try (WorkerPool<Void> pool = pool(o.jobs(), method, null, false)) {
                    return checksum(PrefixCount.run(pool, corpus));
                }
            }, expected, Map.of());
        }
        System.out.printf(Locale.ROOT, "  W2 frequent prefixes: %d%n", prefixes[0]);
    }

    // ---------------------------------------------------------------------------------------------
    // W3: tiny tasks

    static final Task<Object, Integer, Integer> SQUARE = (ctx, x) -> x * x;

    /** Untimed maps a W3 warm pool runs before the timed ones. */
    static final int W3_WARM_UP_MAPS = 5;

    private static long checksum(List<Integer> results) {
        long h = 0;
        for (Integer r : results) {
            h = h * 31 + r;
        }
        return h;
    }

    private void tiny(Options o) throws Exception {
        List<Integer> input = IntStream.range(0, o.tinyTasks()).boxed().toList();
        String params = String.format(Locale.ROOT, "x -> x * x over %d Integers, automatic chunking "
                + "(tasks / (jobs * 64) per chunk), %d jobs", input.size(), o.jobs());
        System.out.println("W3 tiny tasks: " + params);
        time(o, "W3", "serial", params, () -> {
            List<Integer> out = new ArrayList<>(input.size());
            for (Integer x : input) {
                out.add(SQUARE.apply(null, x));
            }
            return checksum(out);
        }, null, Map.of("tasks", input.size()));
        long expected = rows.getLast().checksum();
        for (String method : o.methods()) {
            timeFirstAndLater(o, "W3", method, method + " cold", params, () -> {
                try (WorkerPool<Void> pool = pool(o.jobs(), method, null, false)) {
                    return checksum(pool.map(SQUARE, input));
                }
            }, expected, Map.of("timed", "build + map + close", "tasks", input.size()));
        }
        for (String method : o.methods()) {
            try (WorkerPool<Void> pool = pool(o.jobs(), method, null, true)) {
                // Starts the workers, then warms both sides up as JMH's warm-up iterations do: one map leaves the
                // parent's side of a process map (chunking, decoding results) still compiling, and the first
                // timed maps 2-4x slower than the later ones.
                for (int i = 0; i < W3_WARM_UP_MAPS; i++) {
                    pool.map(SQUARE, input);
                }
                time(o, "W3", method + " warm", params, () -> checksum(pool.map(SQUARE, input)), expected,
                        Map.of("timed", "map on a kept-alive pool after " + W3_WARM_UP_MAPS + " untimed maps",
                                "tasks", input.size()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // W4: start-up

    static final Task<Object, Integer, Integer> ANSWER = (ctx, x) -> x + 1;

    private void startup(Options o) throws Exception {
        String params = "build a pool of 2 workers, apply one task, until its result (close timed apart; one "
                + "untimed warm-up per start method)";
        System.out.println("W4 start-up: " + params);
        for (String method : o.methods()) {
            try (WorkerPool<Void> pool = pool(2, method, null, false)) {
                pool.apply(ANSWER, 41);
            }
            if (method.equals("spawn") || method.equals("fork")) {
                startupRuns(o, method, method + " first", params, Workloads::noIdleWorkers,
                        Map.of("pool", "first in a fresh parent JVM: no idle worker"));
                startupRuns(o, method, method, params, () -> { }, Map.of("pool", "after the first: idle workers reused"));
            } else {
                startupRuns(o, method, method, params, () -> { }, Map.of());
            }
        }
    }

    private void startupRuns(Options o, String method, String variant, String params, Runnable before,
            Map<String, Object> extra) {
        long with = AotCache.workersStartedWithCache();
        long without = AotCache.workersStartedWithoutCache();
        int runs = o.startupRuns();
        double[] first = new double[runs];
        double[] close = new double[runs];
        boolean ok = true;
        for (int r = 0; r < runs; r++) {
            before.run();
            System.gc();
            long t0 = System.nanoTime();
            WorkerPool<Void> pool = pool(2, method, null, false);
            int answer = pool.apply(ANSWER, 41);
            long t1 = System.nanoTime();
            pool.close();
            first[r] = (t1 - t0) / 1e9;
            close[r] = (System.nanoTime() - t1) / 1e9;
            ok &= answer == 42;
            System.out.printf(Locale.ROOT, "  W4 %-18s run %d: first result %.3f s, close %.3f s%n", variant,
                    r + 1, first[r], close[r]);
        }
        Map<String, Object> fields = new LinkedHashMap<>(extra);
        fields.put("workerJvmsStartedWithAotCache", AotCache.workersStartedWithCache() - with);
        fields.put("workerJvmsStartedWithoutAotCache", AotCache.workersStartedWithoutCache() - without);
        fields.put("closeMedianSeconds", median(close));
        fields.put("closeSeconds", close);
        Row row = new Row("W4", variant, params, first, 42, ok, Double.NaN, fields);
        rows.add(row);
        json(row);
    }

    // ---------------------------------------------------------------------------------------------
    // W5: memory

    /** W5's shared objects: the dataset, and a counter the two tasks meet at so each runs on its own worker. */
    record MemShared(SharedDataset data, SharedLong arrived, int parties) implements Serializable {
    }

    /** What a W5 task saw: its process, its memory before and after reading the dataset, the sum it read. */
    record MemReport(long pid, int worker, Map<String, Long> before, Map<String, Long> after, long sum,
            double readSeconds) implements Serializable {
    }

    static final Task<MemShared, Integer, MemReport> READ_ALL = Workloads::readAll;

    private static MemReport readAll(org.mpire4j.api.WorkerContext<? extends MemShared> ctx, Integer arg)
            throws Exception {
        MemShared shared = ctx.shared();
        Map<String, Long> before = smaps("self");
        shared.arrived().addAndGet(1);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (shared.arrived().get() < shared.parties()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other W5 task never started");
            }
            Thread.sleep(1);
        }
        long t0 = System.nanoTime();
        MemorySegment segment = shared.data().segment();
        long n = segment.byteSize() / Long.BYTES;
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += segment.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new MemReport(ProcessHandle.current().pid(), ctx.workerId(), before, smaps("self"), sum, seconds);
    }

    /** Rss, Pss, Private_Clean + Private_Dirty (as "Uss") in bytes, from /proc/PID/smaps_rollup. */
    static Map<String, Long> smaps(String pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "smaps_rollup"))) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 2 && parts[0].endsWith(":")) {
                    String key = parts[0].substring(0, parts[0].length() - 1);
                    if (Set.of("Rss", "Pss", "Private_Clean", "Private_Dirty", "Pss_Shmem").contains(key)) {
                        m.put(key, Long.parseLong(parts[1]) * 1024);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        m.put("Uss", m.getOrDefault("Private_Clean", 0L) + m.getOrDefault("Private_Dirty", 0L));
        return m;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void memory(Options o) throws Exception {
        long bytes = o.w5Bytes();
        int parties = 2;
        String params = String.format(Locale.ROOT, "%d MiB SharedDataset filled in place, %d workers each read "
                + "all of it", bytes >> 20, parties);
        System.out.println("W5 memory: " + params);
        for (String method : o.methods()) {
            System.gc();
            Map<String, Long> parent0 = smaps("self");
            long[] expected = new long[1];
            long t0 = System.nanoTime();
            SharedDataset data = SharedMemory.get().dataset(bytes, segment -> {
                long s = 0;
                long n = segment.byteSize() / Long.BYTES;
                for (long i = 0; i < n; i++) {
                    long v = mix(o.seed() + i);
                    segment.setAtIndex(ValueLayout.JAVA_LONG, i, v);
                    s += v;
                }
                expected[0] = s;
            });
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            SharedLong arrived = SharedMemory.get().value(0, false);
            Map<String, Long> parent1 = smaps("self");
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("fillSeconds", fillSeconds);
            try (WorkerPool<MemShared> pool = pool(parties, method, new MemShared(data, arrived, parties), true)) {
                List<MemReport> reports = pool.map(READ_ALL, List.of(0, 1), pool.options().chunkSize(1));
                Map<String, Long> parent2 = smaps("self");
                boolean ok = reports.stream().allMatch(r -> r.sum() == expected[0]);
                double read = reports.stream().mapToDouble(MemReport::readSeconds).max().orElse(0);
                extra.put("parentPssBeforeDataset", parent0.get("Pss"));
                extra.put("parentPssAfterDataset", parent1.get("Pss"));
                extra.put("parentPssAfterRead", parent2.get("Pss"));
                if (method.equals("thread")) {
                    long growth = parent2.get("Pss") - parent1.get("Pss");
                    MemRow row = new MemRow(method, bytes, 0, parent2.get("Pss"), List.of(), growth, read, ok, extra);
                    memRows.add(row);
                    json(row);
                } else {
                    long ussGrowth = 0;
                    List<Long> workerPss = new ArrayList<>();
                    List<Object> workers = new ArrayList<>();
                    Set<Long> pids = new LinkedHashSet<>();
                    for (MemReport r : reports) {
                        pids.add(r.pid());
                        // Read by the parent now, while the workers idle after the read pass; fall back on
                        // what the task saw itself.
                        Map<String, Long> now = smaps(Long.toString(r.pid()));
                        Map<String, Long> after = now.isEmpty() ? r.after() : now;
                        ussGrowth += r.after().get("Uss") - r.before().get("Uss");
                        workerPss.add(after.get("Pss"));
                        Map<String, Object> w = new LinkedHashMap<>();
                        w.put("pid", r.pid());
                        w.put("worker", r.worker());
                        w.put("before", r.before());
                        w.put("afterSelf", r.after());
                        w.put("afterByParent", now);
                        w.put("readSeconds", r.readSeconds());
                        workers.add(w);
                    }
                    extra.put("workers", workers);
                    ok &= pids.size() == parties;
                    MemRow row = new MemRow(method, bytes, ussGrowth, parent2.get("Pss"), workerPss,
                            parent2.get("Pss") - parent1.get("Pss"), read, ok, extra);
                    memRows.add(row);
                    json(row);
                }
                System.out.printf(Locale.ROOT, "  W5 %-8s %s%n", method, memRows.getLast());
            } finally {
                arrived.close();
                data.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Report

    private void json(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", r.workload());
        m.put("variant", r.variant());
        m.put("params", r.params());
        m.put("runs", r.seconds().length);
        m.put("medianSeconds", r.median());
        m.put("minSeconds", Arrays.stream(r.seconds()).min().orElse(Double.NaN));
        m.put("maxSeconds", Arrays.stream(r.seconds()).max().orElse(Double.NaN));
        m.put("seconds", r.seconds());
        m.put("speedupVsSerial", r.serialMedian() / r.median());
        m.put("checksum", String.format("%016x", r.checksum()));
        m.put("checksumOk", r.ok());
        m.putAll(r.extra());
        if (r.extra().get("tasks") instanceof Integer tasks) {
            m.put("tasksPerSecond", tasks / r.median());
        }
        emit(m);
    }

    private void json(MemRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", "W5");
        m.put("variant", r.variant());
        m.put("datasetBytes", r.bytes());
        m.put("workersUssGrowthBytes", r.workersUssGrowth());
        m.put("parentPssBytes", r.parentPss());
        m.put("workerPssBytes", r.workerPss());
        m.put("totalPssBytes", r.parentPss() + r.workerPss().stream().mapToLong(Long::longValue).sum());
        m.put("parentPssGrowthDuringReadBytes", r.parentPssGrowth());
        m.put("readSeconds", r.readSeconds());
        m.put("sumOk", r.ok());
        m.putAll(r.extra());
        emit(m);
    }

    private void emit(Map<String, Object> m) {
        String line = toJson(m);
        jsonLines.add(line);
    }

    static String toJson(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(toJson(String.valueOf(e.getKey()))).append(':').append(toJson(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : list) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(toJson(e));
            }
            return b.append(']').toString();
        }
        if (o instanceof double[] d) {
            return toJson(Arrays.stream(d).boxed().toList());
        }
        if (o instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6f", d);
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Tasks per second, as 61 M or 850 k. */
    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private void report(String machine, Options o) throws IOException {
        StringBuilder t = new StringBuilder();
        t.append('\n').append(machine.replace("\n", "  \n")).append("  \n");
        t.append(String.format(Locale.ROOT, "runs per variant: %d (W4: %d), jobs: %d, seed: %d%s  %n", o.runs(),
                o.startupRuns(), o.jobs(), o.seed(), o.quick() ? ", QUICK MODE (small sizes)" : ""));
        t.append(String.format(Locale.ROOT, "load average (1, 5, 15 min) at start: %s, at end: %s  %n", loadAtStart,
                loadAverage()));
        if (clusterInfo != null) {
            t.append(String.format(Locale.ROOT, "hazelcast: %d local member JVMs on 127.0.0.1 (-Xmx%s, "
                    + "-XX:+UseSerialGC), up in %.2f s, client connected in %.2f s (untimed); jobs %d: worker i on "
                    + "member i mod %d  %n", o.members(), o.memberXmx(), clusterInfo.get("membersUpSeconds"),
                    clusterInfo.get("clientConnectAndFirstTaskSeconds"), o.jobs(), o.members()));
        }
        t.append('\n');
        if (!rows.isEmpty()) {
            t.append("| workload | variant | median s | min s | max s | speed-up vs serial | checksum ok |\n");
            t.append("|---|---|---:|---:|---:|---:|---|\n");
            String last = "";
            for (Row r : rows) {
                String speedup = Double.isNaN(r.serialMedian()) ? "–"
                        : String.format(Locale.ROOT, "%.2f×", r.serialMedian() / r.median());
                t.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %s | %s |%n",
                        r.workload().equals(last) ? "" : r.workload() + " " + name(r.workload()), r.variant(),
                        r.median(), Arrays.stream(r.seconds()).min().orElse(0),
                        Arrays.stream(r.seconds()).max().orElse(0), speedup, r.ok() ? "yes" : "NO"));
                last = r.workload();
            }
            t.append('\n');
            List<Row> throughput = rows.stream().filter(r -> r.extra().get("tasks") instanceof Integer).toList();
            if (!throughput.isEmpty()) {
                t.append("| W3 variant | median s | tasks/s (median) |\n|---|---:|---:|\n");
                for (Row r : throughput) {
                    t.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n", r.variant(), r.median(),
                            rate((Integer) r.extra().get("tasks") / r.median())));
                }
                t.append('\n');
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Row r : rows) {
                if (seen.add(r.workload())) {
                    t.append("- ").append(r.workload()).append(": ").append(r.params()).append('\n');
                }
            }
        }
        if (!memRows.isEmpty()) {
            t.append(String.format(Locale.ROOT, "%n| W5 memory (%s MiB dataset) | workers' USS growth, summed (MiB) "
                    + "| parent PSS (MiB) | workers' PSS (MiB) | total PSS (MiB) | parent PSS growth during read "
                    + "(MiB) | read pass s | sums ok |%n", mib(memRows.getFirst().bytes())));
            t.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (MemRow r : memRows) {
                boolean thread = r.variant().equals("thread");
                long total = r.parentPss() + r.workerPss().stream().mapToLong(Long::longValue).sum();
                t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f | %s |%n", r.variant(),
                        thread ? "– (threads)" : mib(r.workersUssGrowth()), mib(r.parentPss()),
                        thread ? "–" : String.join(" + ", r.workerPss().stream().map(Workloads::mib).toList()),
                        mib(total), mib(r.parentPssGrowth()), r.readSeconds(), r.ok() ? "yes" : "NO"));
            }
        }
        System.out.println(t);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("workload", "machine");
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.runtime.version"));
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("loadAverageAtStart", loadAtStart);
        env.put("loadAverageAtEnd", loadAverage());
        env.put("quick", o.quick());
        env.put("runs", o.runs());
        env.put("jobs", o.jobs());
        env.put("seed", o.seed());
        if (o.hazelcast()) {
            env.put("members", o.members());
            env.put("memberXmx", o.memberXmx());
        }
        jsonLines.addFirst(toJson(env));
        for (String line : jsonLines) {
            System.out.println(JSON_PREFIX + line);
        }
        if (o.json() != null) {
            Files.write(o.json(), jsonLines);
        }
        boolean allOk = rows.stream().allMatch(Row::ok) && memRows.stream().allMatch(MemRow::ok);
        if (!allOk) {
            System.out.println("SOME CHECKSUMS DIFFER");
            System.exit(1);
        }
    }

    private static String name(String workload) {
        return switch (workload) {
            case "W1" -> "numerical";
            case "W2" -> "stateful";
            case "W3" -> "tiny tasks";
            case "W4" -> "start-up";
            default -> "";
        };
    }
}
