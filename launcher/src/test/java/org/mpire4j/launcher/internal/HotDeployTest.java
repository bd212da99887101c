package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpire4j.launcher.cli.RunCommand;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot deployment through FileInstall on the real distribution (a copy of target/dist): task bundles
 * compiled by the test are copied into deploy/, replaced and removed while the framework runs, and
 * maps run through the launcher's bridge (the {@code mpire.command=run} service, JDK types only) on
 * the thread, spawn and fork start methods. Every wait is bounded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HotDeployTest {

    /** How long FileInstall (polling every 500 ms) and DS get to react to a change in deploy/. */
    private static final long DEPLOY_WAIT_S = 20;

    @TempDir
    static Path home;

    @TempDir
    static Path scratch;

    private static Framework framework;
    private static Function<Map<String, Object>, Integer> bridge;

    @BeforeAll
    static void startDistribution() throws Exception {
        framework = Launcher.start(TestJars.copyDistribution(home));
        bridge = await(Main.RUN_FILTER);
        assertThat("the bridge's run service", bridge, notNullValue());
    }

    @AfterAll
    static void stopDistribution() {
        if (framework != null) {
            assertThat("framework stopped in time", Launcher.stop(framework), is(true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "spawn", "fork"})
    void deployedReplacedAndRemovedTaskBundlesChangeWhatRuns(String startMethod) throws Exception {
        String bsn = "test.hot." + startMethod;
        String task = "hot-echo-" + startMethod;
        Path jar = home.resolve(Launcher.DEPLOY).resolve(bsn + ".jar");

        // deploy: the task appears and runs
        Path v1 = TestJars.taskBundle(scratch.resolve(bsn + "-1.jar"), bsn, "1", task, scratch);
        Files.copy(v1, jar);
        assertThat("v1 registered", await(taskFilter(task, "1")), notNullValue());
        assertThat(run(task, startMethod, List.of("a", "b", "c")).out(), is(List.of("v1:a", "v1:b", "v1:c")));
        Outcome rejected = run(task, startMethod, List.of("a", "reject"));
        assertThat("a task's IllegalArgumentException fails the run", rejected.status(), is(RunCommand.FAILED));
        assertThat(rejected.err(), containsString("rejected line 'reject'"));

        // replace: the next map runs the new code
        Path v2 = TestJars.taskBundle(scratch.resolve(bsn + "-2.jar"), bsn, "2", task, scratch);
        try (Watch refreshed = frameworkEvent(FrameworkEvent.PACKAGES_REFRESHED)) {
            TestJars.replace(v2, jar);
            assertThat("FileInstall refreshed after the update", refreshed.await(), is(true));
        }
        assertThat("v2 registered", await(taskFilter(task, "2")), notNullValue());
        assertThat(run(task, startMethod, List.of("a", "b", "c")).out(), is(List.of("v2:a", "v2:b", "v2:c")));

        // remove: the task disappears
        try (Watch gone = unregistered(task)) {
            Files.delete(jar);
            assertThat("the task service went away", gone.await(), is(true));
        }
        Outcome missing = runMissing(task, startMethod);
        assertThat(missing.status(), is(RunCommand.USAGE));
        assertThat(missing.err(), containsString("unknown task '" + task + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "spawn", "fork"})
    void removingTheBundleOfARunningMapFailsItClearlyOrLetsItFinish(String startMethod) throws Exception {
        String bsn = "test.removed." + startMethod;
        String task = "removed-" + startMethod;
        Path jar = home.resolve(Launcher.DEPLOY).resolve(bsn + ".jar");
        Files.copy(TestJars.taskBundle(scratch.resolve(bsn + ".jar"), bsn, "1", task, scratch), jar);
        assertThat("registered", await(taskFilter(task + "-slow", "1")), notNullValue());

        // 40 lines at 100 ms each on 2 workers: the map runs for about 2 s after its first result.
        List<String> input = IntStream.range(0, 40).mapToObj(i -> "line" + i).toList();
        CountDownLatch firstResult = new CountDownLatch(1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (Watch uninstalled = bundleEvent(bsn, BundleEvent.UNINSTALLED)) {
            Future<Outcome> map = caller.submit(() -> run(task + "-slow", startMethod, input, firstResult, 5_000L));
            assertThat("the map produced a first result", firstResult.await(60, TimeUnit.SECONDS), is(true));
            Files.delete(jar);
            assertThat("FileInstall uninstalled the bundle", uninstalled.await(), is(true));
            // Never a hang: the map ends on its own, one way or the other.
            Outcome outcome = map.get(60, TimeUnit.SECONDS);
            // Either ending is allowed; say which one happened, for whoever reads the test output.
            System.out.println("map on " + startMethod + " whose bundle was removed: status " + outcome.status()
                    + ", " + outcome.out().size() + " results, " + outcome.err().strip());
            if (outcome.status() == RunCommand.OK) {
                assertThat("finished: every result", outcome.out(), hasSize(40));
                assertThat("finished on the old code", outcome.out(), everyItem(startsWith("v1:")));
            } else {
                assertThat(outcome.status(), is(RunCommand.FAILED));
                assertThat("a clear error naming the task", outcome.err(), allOf(
                        containsString("task '" + task + "-slow'"), anyOf(containsString("failed"),
                                containsString("died"))));
            }
        } finally {
            caller.shutdownNow();
        }
        assertThat(runMissing(task + "-slow", startMethod).status(), is(RunCommand.USAGE));
    }

    /** What a map through the bridge returned: its exit status, its output lines, its error text. */
    private record Outcome(int status, List<String> out, String err) {
    }

    private static Outcome run(String task, String startMethod, List<String> input) {
        return run(task, startMethod, input, new CountDownLatch(1), 5_000L);
    }

    /** A run that expects the task to be gone: no grace period for it to come back. */
    private static Outcome runMissing(String task, String startMethod) {
        return run(task, startMethod, List.of("x"), new CountDownLatch(1), 0L);
    }

    private static Outcome run(String task, String startMethod, List<String> input, CountDownLatch firstLine,
            long taskWaitMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream signalling = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (out) {
                    out.write(b);
                }
                if (b == '\n') {
                    firstLine.countDown();
                }
            }
        };
        Map<String, Object> request = new HashMap<>();
        request.put(RunCommand.TASK, task);
        request.put(RunCommand.START_METHOD, startMethod);
        request.put(RunCommand.JOBS, 2);
        request.put(RunCommand.INPUT, input);
        request.put(RunCommand.OUT, new PrintStream(signalling, true, StandardCharsets.UTF_8));
        request.put(RunCommand.ERR, new PrintStream(err, true, StandardCharsets.UTF_8));
        // An update is followed by a refresh that restarts the bundle: give its service time to return.
        request.put(RunCommand.TASK_WAIT_MILLIS, taskWaitMillis);
        int status = bridge.apply(request);
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        return new Outcome(status, text.isEmpty() ? List.of() : List.of(text.split("\\R")),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String taskFilter(String task, String version) {
        return "(&(objectClass=org.mpire4j.api.Task)(mpire.task=" + task + ")(hot.version=" + version + "))";
    }

    /** Waits, bounded, for a service; its class need not be visible here. */
    @SuppressWarnings("unchecked")
    private static <T> T await(String filter) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open(true);
        try {
            return (T) tracker.waitForService(TimeUnit.SECONDS.toMillis(DEPLOY_WAIT_S));
        } finally {
            tracker.close();
        }
    }

    /** A listener waiting for one event; closing it removes the listener. */
    private record Watch(CountDownLatch latch, Runnable remove) implements AutoCloseable {
        boolean await() throws InterruptedException {
            return latch.await(DEPLOY_WAIT_S, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            remove.run();
        }
    }

    private static Watch unregistered(String task) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        BundleContext context = framework.getBundleContext();
        // "All": a plain listener of the system bundle hears nothing of services whose classes it cannot see.
        AllServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                latch.countDown();
            }
        };
        context.addServiceListener(listener, "(mpire.task=" + task + ")");
        return new Watch(latch, () -> context.removeServiceListener(listener));
    }

    private static Watch bundleEvent(String symbolicName, int type) {
        CountDownLatch latch = new CountDownLatch(1);
        BundleContext context = framework.getBundleContext();
        BundleListener listener = event -> {
            if (event.getType() == type && symbolicName.equals(event.getBundle().getSymbolicName())) {
                latch.countDown();
            }
        };
        context.addBundleListener(listener);
        return new Watch(latch, () -> context.removeBundleListener(listener));
    }

    private static Watch frameworkEvent(int type) {
        CountDownLatch latch = new CountDownLatch(1);
        BundleContext context = framework.getBundleContext();
        FrameworkListener listener = event -> {
            if (event.getType() == type) {
                latch.countDown();
            }
        };
        context.addFrameworkListener(listener);
        return new Watch(latch, () -> context.removeFrameworkListener(listener));
    }
}
