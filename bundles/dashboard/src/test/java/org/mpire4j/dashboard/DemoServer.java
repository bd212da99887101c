package org.mpire4j.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerContext;
import org.mpire4j.api.WorkerPool;

/**
 * A dashboard with maps to watch, for the browser test (browser-tests/dashboard.test.mjs) and for
 * trying the page by hand. It prints {@code URL <uri>}, runs a slow map (default 40 tasks of 100 ms
 * on 2 thread workers), then a map whose task 5 fails, then keeps serving until its standard input
 * says {@code quit} or ends, or for at most {@code holdSeconds}.
 *
 * <pre>
 * java -cp ... org.mpire4j.dashboard.DemoServer [--await-go] [tasks] [millisPerTask] [holdSeconds]
 * </pre>
 * With {@code --await-go} the maps start only when standard input says {@code go}, so that a test
 * can open the page first.
 */
public final class DemoServer {

    private DemoServer() {
    }

    /** Works for a fixed time per task: the slow map the dashboard watches. */
    static final class SlowTask implements Task<Void, Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private final long millis;

        SlowTask(long millis) {
            this.millis = millis;
        }

        @Override
        public Integer apply(WorkerContext<? extends Void> context, Integer argument) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return argument * argument;
        }
    }

    /** Fails at task 5, to show a stack trace. */
    static final class FailingTask implements Task<Void, Integer, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(WorkerContext<? extends Void> context, Integer argument) {
            if (argument == 5) {
                throw new IllegalStateException("demo failure at task " + argument + " <b>escaped</b>");
            }
            return argument;
        }
    }

    /**
     * Runs the demo.
     *
     * @param args {@code [--await-go] [tasks] [millisPerTask] [holdSeconds]}
     * @throws Exception if it cannot serve
     */
    public static void main(String[] args) throws Exception {
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        boolean awaitGo = rest.remove("--await-go");
        int tasks = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 40;
        long millis = rest.size() > 1 ? Long.parseLong(rest.get(1)) : 100;
        long holdSeconds = rest.size() > 2 ? Long.parseLong(rest.get(2)) : 120;

        CountDownLatch go = new CountDownLatch(awaitGo ? 1 : 0);
        CountDownLatch quit = new CountDownLatch(1);
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.strip().equals("go")) {
                        go.countDown();
                    } else if (line.strip().equals("quit")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            go.countDown();
            quit.countDown();
        }, "demo-stdin");
        stdin.setDaemon(true);

        try (Dashboard dashboard = Dashboard.start(0)) {
            System.out.println("URL " + dashboard.uri());
            System.out.flush();
            stdin.start();
            if (!go.await(holdSeconds, TimeUnit.SECONDS)) {
                System.out.println("No 'go' within " + holdSeconds + " s; starting anyway");
            }
            try (WorkerPool<Void> pool = WorkerPool.builder().jobs(2).startMethod("thread").enableInsights(true)
                    .observer(dashboard).build()) {
                long start = System.nanoTime();
                List<Integer> results = pool.map(new SlowTask(millis), IntStream.range(0, tasks).boxed().toList());
                System.out.printf("MAP completed %d tasks in %d ms%n", results.size(),
                        (System.nanoTime() - start) / 1_000_000);
                try {
                    pool.map(new FailingTask(), IntStream.range(0, 10).boxed().toList());
                } catch (TaskFailedException e) {
                    System.out.println("MAP failed as planned: " + e.getCause());
                }
            }
            System.out.println("SERVING until 'quit', end of input, or " + holdSeconds + " s");
            System.out.flush();
            quit.await(holdSeconds, TimeUnit.SECONDS);
        }
        System.out.println("STOPPED");
    }
}
