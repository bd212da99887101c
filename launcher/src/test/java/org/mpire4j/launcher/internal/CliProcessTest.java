package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line as a user runs it: {@code java -jar launcher.jar ...} in its own process, on
 * a copy of the distribution. Every wait is bounded.
 */
@Timeout(180)
class CliProcessTest {

    @TempDir
    Path home;

    @TempDir
    Path scratch;

    @BeforeEach
    void copyDistribution() throws IOException {
        Path dist = TestJars.dist();
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : files.toList()) {
                Path relative = dist.relativize(source);
                Path target = home.resolve(relative.toString());
                if (relative.toString().startsWith(Launcher.CACHE)) {
                    continue; // caches of commands run by hand in the distribution
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.createDirectories(home.resolve("deploy"));
    }

    private Process start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** The JVM options of the tests that are not about them; {@link #PLAIN} runs {@code java -jar} bare. */
    private static final List<String> QUIET_JDK = List.of("--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /** A marker for {@link #start(List, String...)}: no JVM options at all, as the README writes the commands. */
    private static final List<String> PLAIN = List.of("plain");

    private Process start(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (jvmOptions != PLAIN) {
            command.addAll(QUIET_JDK);
            command.addAll(jvmOptions);
        }
        command.addAll(List.of("-jar", home.resolve("launcher.jar").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--home", home.toString()));
        return new ProcessBuilder(command).start();
    }

    @Test
    void theDemoRunsOnEveryLocalStartMethodAndAgreesWithTheSerialRun() throws Exception {
        Result demo = run(List.of("-Dmpire.demo.documents=24"), "", "demo");
        assertThat(demo.err(), demo.exit(), is(0));
        assertThat(demo.out(), containsString("every run's prefix counts are identical to the serial ones"));
        for (String method : List.of("serial", "thread")) {
            assertThat(demo.out(), containsString(System.lineSeparator() + method + " "));
        }
        // Process start methods twice: the first pool starts worker JVMs, the next reuses them.
        for (String method : List.of("spawn", "fork")) {
            assertThat(demo.out(), containsString(System.lineSeparator() + method + ", new "));
            assertThat(demo.out(), containsString(System.lineSeparator() + method + ", reused "));
        }
        // Installed, but it needs cluster members the demo does not start.
        assertThat(demo.out(), containsString(System.lineSeparator() + "hazelcast "));
        assertThat(demo.out(), containsString("-  skipped: needs cluster members"));
    }

    /** Runs a command to its end: exit code, stdout, stderr. */
    private record Result(int exit, String out, String err) {
    }

    private Result run(String stdin, String... args) throws Exception {
        return run(List.of(), stdin, args);
    }

    private Result run(List<String> jvmOptions, String stdin, String... args) throws Exception {
        Process process = start(jvmOptions, args);
        CompletableFuture<String> out = drain(process.getInputStream(), null, null);
        CompletableFuture<String> err = drain(process.getErrorStream(), null, null);
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat("the command ends", process.waitFor(120, TimeUnit.SECONDS), is(true));
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** Collects a stream on its own thread; counts down {@code seen} once {@code marker} appears. */
    private static CompletableFuture<String> drain(InputStream stream, String marker, CountDownLatch seen) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            StringBuilder all = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = stream.read(buffer)) > 0;) {
                    all.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (marker != null && all.indexOf(marker) >= 0) {
                        seen.countDown();
                    }
                }
            } catch (IOException closed) {
                // A destroyed process's streams close under the reader: that is their end too.
            }
            text.complete(all.toString());
        });
        return text;
    }

    @Test
    void runOverAFileStreamsOneResultPerLine() throws Exception {
        Path input = Files.writeString(scratch.resolve("lines.txt"), "one two three\nfour five\n\nsix\n");
        Result result = run("", "run", "word-count", "--input", input.toString(), "--jobs", "2");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is(String.join(System.lineSeparator(), "3", "2", "0", "1") + System.lineSeparator()));
    }

    @Test
    void listShowsTasksAndStartMethodsWithVersions() throws Exception {
        Result result = run("", "list");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), containsString("word-count"));
        assertThat(result.out(), containsString("prefix-count"));
        assertThat(result.out(), containsString("thread"));
        assertThat(result.out(), containsString("fork"));
        assertThat(result.out(), containsString("0.1.0"));
    }

    @Test
    void aJarCopiedIntoDeployWhileServingRunsAfterwards() throws Exception {
        Process serve = start("serve");
        CountDownLatch deployed = new CountDownLatch(1);
        CompletableFuture<String> out = drain(serve.getInputStream(), null, null);
        CompletableFuture<String> err = drain(serve.getErrorStream(), "echo-cli", deployed);
        try {
            // FileInstall logs what it installs on stderr, naming the jar.
            Path jar = TestJars.taskBundle(scratch.resolve("echo-cli.jar"), "echo.cli", "7", "echo-cli", scratch);
            Files.copy(jar, home.resolve("deploy").resolve("echo-cli.jar"));
            assertThat("serve installed the jar from deploy/", deployed.await(60, TimeUnit.SECONDS), is(true));
        } finally {
            serve.destroy(); // SIGTERM: the framework stops cleanly
            assertThat("serve stops on SIGTERM", serve.waitFor(60, TimeUnit.SECONDS), is(true));
        }
        Result result = run("x\ny\n", "run", "echo-cli");
        assertThat(result.err() + err.getNow(""), result.exit(), is(0));
        assertThat(result.out(), is("v7:x" + System.lineSeparator() + "v7:y" + System.lineSeparator()));
    }

    @Test
    void plainJavaJarPrintsNoJdkWarnings() throws Exception {
        // Exactly as the README writes them: no JVM options. Felix touches sun.misc.Unsafe as it loads, and
        // the demo's fork and shared memory call native code; neither may add a warning to the output.
        Result list = run(PLAIN, "", "list");
        assertThat(list.err(), list.exit(), is(0));
        assertThat("list prints its listing and nothing else", list.err(), is(""));
        Result demo = run(PLAIN, "", "demo");
        assertThat(demo.err(), demo.exit(), is(0));
        assertThat(demo.err(), not(containsString("WARNING")));
        assertThat(demo.out(), containsString("every run's prefix counts are identical to the serial ones"));
    }

    @Test
    void serveAndRunAtOnceEachKeepTheirOwnFrameworkCache() throws Exception {
        Process serve = start("serve");
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<String> out = drain(serve.getInputStream(), "stop with Ctrl-C", ready);
        CompletableFuture<String> err = drain(serve.getErrorStream(), null, null);
        Path caches = home.resolve(Launcher.CACHE);
        try {
            assertThat("serve started", ready.await(60, TimeUnit.SECONDS), is(true));
            Path serveCache = caches.resolve("serve-" + serve.pid());
            assertThat(serveCache + " holds serve's framework", Files.isDirectory(serveCache.resolve("bundle0")), is(true));
            Object before = Files.readAttributes(serveCache.resolve("bundle0"), BasicFileAttributes.class).fileKey();

            // --local: a framework of its own beside serve's (without it the run is handed to serve; AttachedRunTest).
            Result result = run("x\n", "run", "upper", "--local");
            assertThat(result.err(), result.exit(), is(0));
            assertThat(result.out(), is("X" + System.lineSeparator()));

            // The run neither emptied nor replaced serve's cache (a wipe and a new start would give a new inode),
            // and it removed its own when it ended.
            assertThat(Files.readAttributes(serveCache.resolve("bundle0"), BasicFileAttributes.class).fileKey(),
                    is(before));
            try (Stream<Path> left = Files.list(caches)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList(), is(List.of("serve-" + serve.pid())));
            }
        } finally {
            serve.destroy(); // SIGTERM: the framework stops cleanly and its cache goes with it
            assertThat("serve stops on SIGTERM", serve.waitFor(60, TimeUnit.SECONDS), is(true));
        }
        assertThat(out.get(10, TimeUnit.SECONDS) + err.get(10, TimeUnit.SECONDS), serve.exitValue(), is(143));
        try (Stream<Path> left = Files.list(caches)) {
            assertThat("serve removed its cache on SIGTERM", left.toList(), is(List.of()));
        }
    }

    @Test
    void runReadsANamedPipe() throws Exception {
        Path fifo = scratch.resolve("lines.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat("mkfifo ends", mkfifo.waitFor(30, TimeUnit.SECONDS), is(true));
        assertThat("mkfifo made the pipe", mkfifo.exitValue(), is(0));
        // What <(cmd) gives: a pipe that a writer fills while the command reads it (opening blocks until both are there).
        Thread writer = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                Files.writeString(fifo, "a\nb\nc\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Result result = run("", "run", "upper", "--input", fifo.toString());
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is(String.join(System.lineSeparator(), "A", "B", "C") + System.lineSeparator()));
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void runReadsDevStdin() throws Exception {
        Result result = run("x\ny\n", "run", "upper", "--input", "/dev/stdin");
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is("X" + System.lineSeparator() + "Y" + System.lineSeparator()));
    }

    @Test
    void theProgressOfAFileKnowsItsTotalFromTheStart() throws Exception {
        Path input = Files.writeString(scratch.resolve("five.txt"), "a\nb\nc\nd\ne");
        Result result = run("", "run", "upper", "--input", input.toString(), "--progress");
        assertThat(result.err(), result.exit(), is(0));
        // Standard error is a pipe here: plain lines, the first one before any result, with the total.
        assertThat(result.err(), containsString("  0%|                    | 0/5 ["));
        assertThat(result.err(), containsString("100%|####################| 5/5 ["));
        assertThat(result.err(), not(containsString("\r")));
    }

    @Test
    void theProgressBarRedrawsInPlaceWhenOnlyStandardErrorIsATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script for a terminal");
        Path input = Files.writeString(scratch.resolve("three.txt"), "a\nb\nc\n");
        Path results = scratch.resolve("results.txt");
        // A real pseudo-terminal from script(1): standard error on it, results redirected to a file, as users run it.
        String command = String.join(" ", quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-jar", quoted(home.resolve("launcher.jar").toString()), "run", "upper", "--input",
                quoted(input.toString()), "--progress", "--home", quoted(home.toString()), ">", quoted(results.toString()));
        Process script = new ProcessBuilder("/usr/bin/script", "-qec", command, scratch.resolve("typescript").toString())
                .redirectInput(new java.io.File("/dev/null")).start();
        CompletableFuture<String> terminal = drain(script.getInputStream(), null, null);
        CompletableFuture<String> err = drain(script.getErrorStream(), null, null);
        assertThat("the command ends", script.waitFor(120, TimeUnit.SECONDS), is(true));
        String screen = terminal.get(10, TimeUnit.SECONDS);
        assertThat(screen + err.get(10, TimeUnit.SECONDS), script.exitValue(), is(0));
        assertThat(Files.readString(results), is("A" + System.lineSeparator() + "B" + System.lineSeparator() + "C"
                + System.lineSeparator()));
        // Redrawn in place: a carriage return straight before the bar (plain lines come after a line end).
        assertThat(screen, containsString("\r100%|####################| 3/3 ["));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Test
    void anUnknownTaskIsAOneLineErrorWithExitCodeTwo() throws Exception {
        Result result = run("", "run", "no-such-task");
        assertThat(result.exit(), is(2));
        assertThat(result.err(), containsString("no-such-task"));
    }
}
