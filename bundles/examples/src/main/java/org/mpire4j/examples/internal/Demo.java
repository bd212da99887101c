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
 * generated corpus, serially and on a pool (worker state, init and exit hooks, exit results merged),
 * checking both agree and printing the figures.
 */
@Component(service = Runnable.class, property = "mpire.command=demo")
public final class Demo implements Runnable {

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
        long serialStart = System.nanoTime();
        PrefixCount.Result serial = PrefixCount.runSerially(corpus);
        long serialNanos = System.nanoTime() - serialStart;

        PrefixCount.Result parallel;
        long poolNanos;
        PoolInsights insights;
        String method;
        try (WorkerPool<Void> pool = factory.builder().jobs(jobs).startMethod(startMethod).enableInsights(true).build()) {
            method = pool.startMethod();
            long poolStart = System.nanoTime();
            parallel = PrefixCount.run(pool, corpus);
            poolNanos = System.nanoTime() - poolStart;
            insights = pool.insights();
        }
        if (!parallel.equals(serial)) {
            throw new IllegalStateException("The pool's prefix counts differ from the serial ones");
        }
        out.printf(Locale.ROOT, "words counted: %,d; prefixes seen more than %d times: %,d%n", parallel.words(),
                PrefixCount.MIN_COUNT, parallel.prefixes().size());
        out.println("most frequent prefixes of length 3:");
        parallel.prefixes().entrySet().stream().filter(e -> e.getKey().length() == 3)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> out.printf(Locale.ROOT, "  %s  %,d%n", e.getKey(), e.getValue()));
        out.printf(Locale.ROOT, "serial: %.0f ms; pool (%d jobs, start method '%s'): %.0f ms; speed-up %.2fx;"
                + " results identical%n", serialNanos / 1e6, jobs, method, poolNanos / 1e6,
                (double) serialNanos / poolNanos);
        out.printf(Locale.ROOT, "tasks per worker: %s; working ratio %.2f%n",
                insights.workers().stream().map(w -> Long.toString(w.completedTasks())).toList(),
                insights.workingRatio());
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
