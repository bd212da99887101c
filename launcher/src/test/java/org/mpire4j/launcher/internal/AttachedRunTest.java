package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpire4j.launcher.internal.LauncherProcesses.Result;
import org.mpire4j.launcher.internal.LauncherProcesses.Serve;

/**
 * {@code run} attached to a running {@code serve} ({@link AttachClient}, {@link AttachServer}): real
 * processes on a copy of the distribution, one serve for the class. Every wait is bounded.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AttachedRunTest {

    private static final String TASK = "echo-attach";
    /** The test bundle's task class (its package is the bundle's symbolic name), as the dashboard names it. */
    private static final String TASK_CLASS = "test.attach.Echo";
    private static final String NL = System.lineSeparator();

    @TempDir
    static Path home;

    @TempDir
    static Path scratch;

    private static Serve serve;

    @BeforeAll
    static void startServe() throws Exception {
        LauncherProcesses.copyDistribution(home);
        // Deployed before serve starts: installed with the bundles, no hot deployment needed here.
        Files.copy(TestJars.taskBundle(scratch.resolve("attach.jar"), "test.attach", "1", TASK, scratch),
                home.resolve(Launcher.DEPLOY).resolve("attach.jar"));
        serve = Serve.start(home);
    }

    @AfterAll
    static void stopServe() throws Exception {
        if (serve != null) {
            serve.close();
            assertThat("serve removed its socket", Files.exists(Attach.socket(home)), is(false));
        }
    }

    @Test
    void anAttachedRunStreamsTheResultsOfServesTasksWithoutAFrameworkOfItsOwn() throws Exception {
        Result result = LauncherProcesses.run(home, "x\ny\n", "run", TASK, "-s", "thread");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is("v1:x" + NL + "v1:y" + NL));
        assertThat("no dashboard of its own: no framework", result.err(), is(""));
        try (Stream<Path> caches = Files.list(home.resolve(Launcher.CACHE))) {
            assertThat("only serve's framework cache", caches.map(p -> p.getFileName().toString()).toList(),
                    is(List.of("serve-" + serve.process().pid())));
        }
        assertThat("serve's dashboard lists the attached run", serve.maps(), containsString(TASK_CLASS));
    }

    @Test
    void theSocketIsTheOwnersAlone() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Attach.socket(home))), is("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Attach.socket(home).getParent())),
                is("rwx------"));
    }

    @Test
    void aRelativeInputIsTheClientsAndAFileKnowsItsTotal() throws Exception {
        Path folder = Files.createDirectories(scratch.resolve("client-folder"));
        Files.writeString(folder.resolve("lines.txt"), "a\nb\nc\n");
        Process client = new ProcessBuilder(LauncherProcesses.command(home, "run", TASK, "--input", "lines.txt",
                "--progress")).directory(folder.toFile()).start();
        Result result = LauncherProcesses.finish(client, "");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is("v1:a" + NL + "v1:b" + NL + "v1:c" + NL));
        assertThat("the progress bar, on the client's standard error", result.err(),
                containsString("100%|####################| 3/3 ["));
    }

    @Test
    void standardInputNamedAsDevStdinIsTheClients() throws Exception {
        Result result = LauncherProcesses.run(home, "p\nq\n", "run", TASK, "--input", "/dev/stdin");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is("v1:p" + NL + "v1:q" + NL));
        assertThat("attached", result.err(), is(""));
    }

    @Test
    void usageErrorsAreThoseOfALocalRun() throws Exception {
        for (List<String> args : List.of(List.of("run", "no-such-task"), List.of("run", TASK, "--jobs", "x"),
                List.of("run", TASK, "--no-such-option"), List.of("run", TASK, "--input", "no-such-file.txt"),
                List.of("run", TASK, "-s", "no-such-method"))) {
            Result attached = LauncherProcesses.run(home, "x\n", args.toArray(String[]::new));
            Result local = LauncherProcesses.run(home, "x\n", Stream.concat(args.stream(), Stream.of("--local"))
                    .toArray(String[]::new));
            assertThat(args + ": " + attached.err(), attached.exit(), is(2));
            assertThat(args + ": " + local.err(), local.exit(), is(2));
            assertThat(args.toString(), attached.problems(), is(local.problems()));
        }
    }

    @Test
    void aTaskThatThrowsFailsWithTheWorkersError() throws Exception {
        Result attached = LauncherProcesses.run(home, "a\nreject\n", "run", TASK, "-s", "thread", "-j", "1");
        Result local = LauncherProcesses.run(home, "a\nreject\n", "run", TASK, "-s", "thread", "-j", "1", "--local");
        assertThat(attached.err(), attached.exit(), is(1));
        assertThat(local.err(), local.exit(), is(1));
        assertThat(attached.err(), containsString("rejected line 'reject'"));
        assertThat("the worker's stack trace", attached.err(), containsString("at test.attach.Echo.apply("));
        assertThat(attached.problems(), is(local.problems()));
    }

    @Test
    void concurrentAttachedRunsSeeOnlyTheirOwnOutput() throws Exception {
        String first = IntStream.range(0, 20).mapToObj(i -> "first" + i + "\n").collect(Collectors.joining());
        String second = IntStream.range(0, 20).mapToObj(i -> "second" + i + "\n").collect(Collectors.joining());
        // The slow task (100 ms a line, 2 workers): both runs are under way at the same time.
        Process a = LauncherProcesses.start(home, "run", TASK + "-slow", "-j", "2", "-s", "thread");
        Process b = LauncherProcesses.start(home, "run", TASK + "-slow", "-j", "2", "-s", "thread");
        CompletableFuture<Result> ra = CompletableFuture.supplyAsync(() -> finishUnchecked(a, first));
        CompletableFuture<Result> rb = CompletableFuture.supplyAsync(() -> finishUnchecked(b, second));
        Result resultA = ra.get(120, TimeUnit.SECONDS);
        Result resultB = rb.get(120, TimeUnit.SECONDS);
        assertThat(resultA.err(), resultA.exit(), is(0));
        assertThat(resultB.err(), resultB.exit(), is(0));
        assertThat(resultA.out(), is(first.replace("first", "v1:first").replace("\n", NL)));
        assertThat(resultB.out(), is(second.replace("second", "v1:second").replace("\n", NL)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "spawn"})
    void aClientKilledMidRunCancelsItsRunInServe(String startMethod) throws Exception {
        assertCancelledWhenTheClientEnds(Process::destroyForcibly, 137, startMethod);
    }

    @Test
    void ctrlCOfTheClientCancelsItsRunAndExits130() throws Exception {
        assertCancelledWhenTheClientEnds(client -> {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start();
                assertThat("kill ends", kill.waitFor(30, TimeUnit.SECONDS), is(true));
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, 130, "thread");
    }

    @Test
    void aClientKilledWhileServeWaitsForItsInputCancelsItsRun() throws Exception {
        Process client = LauncherProcesses.start(home, "run", TASK, "-j", "1", "-s", "thread");
        LauncherProcesses.drain(client.getInputStream(), null, null);
        LauncherProcesses.drain(client.getErrorStream(), null, null);
        java.io.OutputStream stdin = client.getOutputStream();
        stdin.write("waiting\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdin.flush(); // and kept open: serve's run waits for more input (the engine reads ahead, as in a local run)
        awaitMaps(json -> json.contains("\"state\":\"running\""), Duration.ofSeconds(60));
        client.destroyForcibly();
        assertThat("the client ends", client.waitFor(30, TimeUnit.SECONDS), is(true));
        awaitMaps(json -> json.contains("\"running\":0"), Duration.ofSeconds(30));
        stdin.close();
    }

    /** An endless slow run: once its first result is out, {@code end} ends the client; serve must cancel the map. */
    private void assertCancelledWhenTheClientEnds(java.util.function.Consumer<Process> end, int exit, String startMethod)
            throws Exception {
        String input = IntStream.range(0, 2_000).mapToObj(i -> "line" + i + "\n").collect(Collectors.joining());
        Process client = LauncherProcesses.start(home, "run", TASK + "-slow", "-j", "2", "-s", startMethod,
                "--input", Files.writeString(scratch.resolve("long-" + exit + startMethod + ".txt"), input).toString());
        CountDownLatch firstResult = new CountDownLatch(1);
        CompletableFuture<String> out = LauncherProcesses.drain(client.getInputStream(), "v1:line0", firstResult);
        CompletableFuture<String> err = LauncherProcesses.drain(client.getErrorStream(), null, null);
        assertThat("a first result", firstResult.await(60, TimeUnit.SECONDS), is(true));
        assertThat("the map runs in serve", serve.maps(), containsString("\"state\":\"running\""));
        end.accept(client);
        assertThat("the client ends", client.waitFor(30, TimeUnit.SECONDS), is(true));
        assertThat(err.get(10, TimeUnit.SECONDS), client.exitValue(), is(exit));
        String maps = awaitMaps(json -> json.contains("\"running\":0"), Duration.ofSeconds(30));
        assertThat("no map left running, the cancelled one failed", maps, containsString("\"state\":\"failed\""));
        assertThat("it stopped long before its 2000 lines", out.get(10, TimeUnit.SECONDS).lines().count() < 1_000,
                is(true));
    }

    @Test
    void withoutAServeOrWithAStaleSocketRunIsLocalAndAServeReplacesTheStaleSocket(@TempDir Path other)
            throws Exception {
        LauncherProcesses.copyDistribution(other);
        Result plain = LauncherProcesses.run(other, "x\n", "run", "upper");
        assertThat(plain.err(), plain.exit(), is(0));
        assertThat(plain.out(), is("X" + NL));

        // What a serve killed with SIGKILL leaves: a socket file nobody answers on.
        Path socket = Attach.socket(other);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat("the stale socket file stays", Files.exists(socket), is(true));
        Result stale = LauncherProcesses.run(other, "y\n", "run", "upper");
        assertThat(stale.err(), stale.exit(), is(0));
        assertThat(stale.out(), is("Y" + NL));
        assertThat("a local run: its own dashboard", stale.err(), containsString("mpire4j dashboard: "));

        try (Serve second = Serve.start(other)) {
            Result attached = LauncherProcesses.run(other, "z\n", "run", "upper");
            assertThat(attached.err(), attached.exit(), is(0));
            assertThat(attached.out(), is("Z" + NL));
            assertThat("attached: no dashboard of its own", attached.err(), is(""));
        }
    }

    @Test
    void aSecondServeDoesNotTakeTheSocketOfALiveOne() throws Exception {
        Object before = Files.readAttributes(Attach.socket(home), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        try (Serve second = Serve.start(home)) {
            second.await(() -> second.text(second.err()).contains("takes attached runs"), Duration.ofSeconds(30),
                    "the second serve says it takes no attached runs");
            Object after = Files.readAttributes(Attach.socket(home), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
            assertThat("the same socket file", after, is(before));
            Result result = LauncherProcesses.run(home, "q\n", "run", TASK);
            assertThat(result.err(), result.exit(), is(0));
            assertThat(result.out(), is("v1:q" + NL));
        }
        assertThat("the second serve left the first one's socket", Files.exists(Attach.socket(home)), is(true));
        Result again = LauncherProcesses.run(home, "r\n", "run", TASK);
        assertThat(again.err(), again.exit(), is(0));
        assertThat(again.out(), is("v1:r" + NL));
    }

    /** Polls serve's dashboard until its maps satisfy {@code condition}, bounded. */
    private static String awaitMaps(Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String maps = serve.maps();
        while (!condition.test(maps)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dashboard never showed what was expected: " + maps);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // a poll interval
            maps = serve.maps();
        }
        return maps;
    }

    private static Result finishUnchecked(Process process, String stdin) {
        try {
            return LauncherProcesses.finish(process, stdin);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
