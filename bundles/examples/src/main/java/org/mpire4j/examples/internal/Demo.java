package org.mpire4j.examples.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.mpire4j.examples.PrefixCount;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The README's main job, run by {@code mpire4j demo}: MPIRE's stateful prefix-count workload on a
 * generated corpus, serially and then on a pool of every installed local start method (worker state, init
 * and exit hooks, exit results merged), checking every run agrees and printing the figures.
 */
@Component(service = Runnable.class, property = "mpire.command=demo")
public final class Demo implements Runnable {

    /** The installed start method that runs workers on other machines' JVMs: not part of the local demo. */
    private static final String CLUSTER_START_METHOD = "hazelcast";

    private final WorkerPoolFactory factory;
    private final int documents;
    private final int jobs;
    private final String startMethod;

    /**
     * Creates the demo.
     *
     * @param factory the engine
     * @param context the framework, for the demo's settings ({@code mpire.demo.documents},
     *     {@code mpire.demo.jobs}, {@code mpire.demo.startMethod})
     */
    @Activate
    public Demo(@Reference WorkerPoolFactory factory, org.osgi.framework.BundleContext context) {
        this(factory, intProperty(context.getProperty("mpire.demo.documents"), 400),
                intProperty(context.getProperty("mpire.demo.jobs"), Runtime.getRuntime().availableProcessors()),
                context.getProperty("mpire.demo.startMethod"));
    }

    Demo(WorkerPoolFactory factory, int documents, int jobs, String startMethod) {
        this.factory = factory;
        this.documents = documents;
        this.jobs = jobs;
        this.startMethod = startMethod;
    }

    @Override
    public void run() {
        run(System.out);
    }

    void run(PrintStream out) {
        out.printf(Locale.ROOT, "mpire4j demo: MPIRE's stateful prefix count, %d documents of 10,000 +/- 5,000 words%n",
                documents);
        List<String[]> corpus = PrefixCount.corpus(documents, 10_000, 20, 42);
        // The serial baseline runs twice and counts its faster run: the first one also compiles the code.
        long serialNanos = Long.MAX_VALUE;
        PrefixCount.Result serial = null;
        for (int i = 0; i < 2; i++) {
            long serialStart = System.nanoTime();
            serial = PrefixCount.runSerially(corpus);
            serialNanos = Math.min(serialNanos, System.nanoTime() - serialStart);
        }
        out.printf(Locale.ROOT, "words counted: %,d; prefixes seen more than %d times: %,d%n", serial.words(),
                PrefixCount.MIN_COUNT, serial.prefixes().size());
        out.println("most frequent prefixes of length 3:");
        serial.prefixes().entrySet().stream().filter(e -> e.getKey().length() == 3)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> out.printf(Locale.ROOT, "  %s  %,d%n", e.getKey(), e.getValue()));
        out.printf(Locale.ROOT, "%-14s %5s %10s %9s  %s%n", "run", "jobs", "time (ms)", "speed-up", "tasks per worker");
        out.printf(Locale.ROOT, "%-14s %5d %10.0f %9s%n", "serial", 1, serialNanos / 1e6, "1.00x");
        List<String> methods = startMethod != null ? List.of(startMethod) : factory.startMethods();
        for (String method : methods) {
            if (startMethod == null && method.equals(CLUSTER_START_METHOD)) {
                // It needs members to connect to, which this one-command demo does not start.
                out.printf(Locale.ROOT, "%-14s %5s  skipped: needs cluster members (see the README: mpire4j member)%n",
                        method, "-");
                continue;
            }
            if (method.equals("thread")) {
                row(out, method, method, corpus, serial, serialNanos);
            } else {
                // Process workers: the first pool starts worker JVMs; the next one finds them idle and warm.
                row(out, method, method + ", new", corpus, serial, serialNanos);
                row(out, method, method + ", reused", corpus, serial, serialNanos);
            }
        }
        out.println("every run's prefix counts are identical to the serial ones");
    }

    private void row(PrintStream out, String method, String label, List<String[]> corpus, PrefixCount.Result serial,
            long serialNanos) {
        PrefixCount.Result parallel;
        long poolNanos;
        PoolInsights insights;
        try (WorkerPool<Void> pool = factory.builder().jobs(jobs).startMethod(method).enableInsights(true).build()) {
            long poolStart = System.nanoTime();
            parallel = PrefixCount.run(pool, corpus);
            poolNanos = System.nanoTime() - poolStart;
            insights = pool.insights();
        }
        if (!parallel.equals(serial)) {
            throw new IllegalStateException("The pool's prefix counts on '" + method + "' differ from the serial ones");
        }
        out.printf(Locale.ROOT, "%-14s %5d %10.0f %8.2fx  %s%n", label, jobs, poolNanos / 1e6,
                (double) serialNanos / poolNanos,
                insights.workers().stream().map(w -> Long.toString(w.completedTasks())).toList());
    }

    private static int intProperty(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a whole number: '" + value + "'", e);
        }
    }

}
