package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.Task;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The {@code mpire} Gogo commands (bundle org.mpire4j.shell), driven through the Gogo runtime's
 * {@link CommandProcessor} as a shell would, each session writing to a stream of the test's own.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellIT {

    /** Released by the cancel test; bounded so that a failed test never leaves a worker waiting for ever. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    CommandProcessor processor;

    // The commands are registered by a DS component: wait for them as for any service.
    @InjectService(filter = "(osgi.command.scope=mpire)", timeout = 5000)
    Object commands;

    @TempDir
    Path dir;

    @Test
    void listShowsTasksAndStartMethodsWithBundleVersions() throws Exception {
        String out = execute("mpire:list");
        assertThat(out, allOf(containsString("Tasks (mpire:run TASK):"),
                containsString("upper"), containsString("word-count"), containsString("org.mpire4j.tasks.text 0.1.0"),
                containsString("Start methods"), containsString("thread"), containsString("spawn"),
                containsString("org.mpire4j.thread 0.1.0"), containsString("(default)")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "spawn"})
    void runPrintsEveryResultInInputOrder(String startMethod) throws Exception {
        Path input = Files.writeString(dir.resolve("lines.txt"), "the quick brown fox\n\ndéjà vu\n",
                StandardCharsets.UTF_8);
        String out = execute("mpire:run upper -s " + startMethod + " -j 2 --input " + input);
        assertThat(out, is(String.join(System.lineSeparator(), "THE QUICK BROWN FOX", "", "DÉJÀ VU", "")));

        // Without --input, the lines come from the session's standard input; the map is then listed.
        String counted = execute("mpire:run word-count -s " + startMethod + " -j 1", "a b c\nd\n");
        assertThat(counted, is("3" + System.lineSeparator() + "1" + System.lineSeparator()));
        assertThat(execute("mpire:maps"), allOf(containsString("ID"), containsString(startMethod),
                containsString("done"), containsString("3/3")));
    }

    @Test
    void runNamesAnUnknownTaskAndStartMethod() {
        Exception task = assertThrows(Exception.class, () -> execute("mpire:run no-such-task"));
        assertThat(task.getMessage(), allOf(containsString("unknown task 'no-such-task'"), containsString("upper")));
        Exception method = assertThrows(Exception.class, () -> execute("mpire:run upper -s carrier-pigeon"));
        assertThat(method.getMessage(), allOf(containsString("'carrier-pigeon'"), containsString("thread")));
    }

    @Test
    void cancelOfAnUnknownIdNamesTheId() {
        Exception e = assertThrows(Exception.class, () -> execute("mpire:cancel 987654"));
        assertThat(e.getMessage(), allOf(containsString("987654"), containsString("mpire:maps")));
        Exception notANumber = assertThrows(Exception.class, () -> execute("mpire:cancel twelve"));
        assertThat(notANumber.getMessage(), containsString("'twelve'"));
    }

    @Test
    void cancelStopsARunningShellRun() throws Exception {
        CompletableFuture<Long> started = new CompletableFuture<>();
        Task<Object, String, String> blocking = ShellIT::block;
        Dictionary<String, Object> taskProperties = new Hashtable<>();
        taskProperties.put(Task.NAME_PROPERTY, "itest-block");
        // The engine reports maps to every observer service: this one tells the test the map's id.
        MapObserver observer = new MapObserver() {
            @Override
            public void started(MapInfo map) {
                if (map.startMethod().equals("thread") && map.jobs() == 1) {
                    started.complete(map.id());
                }
            }

            @Override
            public void progressed(long mapId, long done, long total) {
            }

            @Override
            public void finished(long mapId, Throwable error, PoolInsights insights) {
            }
        };
        ServiceRegistration<?> task = context.registerService(Task.class.getName(), blocking, taskProperties);
        ServiceRegistration<MapObserver> watch = context.registerService(MapObserver.class, observer, null);
        try {
            Path input = Files.write(dir.resolve("one.txt"), List.of("x"));
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return execute("mpire:run itest-block -s thread -j 1 --input " + input);
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            long id = started.get(30, TimeUnit.SECONDS);
            assertThat(execute("mpire:cancel " + id), containsString("cancelled map " + id));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
            assertThat(failed.getCause().getMessage(), containsString("map " + id + " (task 'itest-block') was cancelled"));
            assertThat(execute("mpire:maps"), containsString("cancelled"));
        } finally {
            RELEASE.countDown();
            watch.unregister();
            task.unregister();
        }
    }

    private static String block(Object context, String line) throws InterruptedException {
        RELEASE.await(30, TimeUnit.SECONDS);
        return line;
    }

    private String execute(String command) throws Exception {
        return execute(command, "");
    }

    /** Runs one command line in a new session whose input, output and error are the test's. */
    private String execute(String command, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, err)) {
            session.execute(command);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
