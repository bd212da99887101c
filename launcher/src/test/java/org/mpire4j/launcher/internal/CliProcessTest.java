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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
                Path target = home.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.toString().contains("felix-cache")) {
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
        for (String method : List.of("serial", "thread", "spawn", "fork")) {
            assertThat(demo.out(), containsString(System.lineSeparator() + method + " "));
        }
        // Installed, but it needs cluster members the demo does not start.
        assertThat(demo.out(), containsString(System.lineSeparator() + "hazelcast     -  skipped: needs cluster members"));
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
        assertThat(list.err(), not(containsString("WARNING")));
        Result demo = run(PLAIN, "", "demo");
        assertThat(demo.err(), demo.exit(), is(0));
        assertThat(demo.err(), not(containsString("WARNING")));
        assertThat(demo.out(), containsString("every run's prefix counts are identical to the serial ones"));
    }

    @Test
    void anUnknownTaskIsAOneLineErrorWithExitCodeTwo() throws Exception {
        Result result = run("", "run", "no-such-task");
        assertThat(result.exit(), is(2));
        assertThat(result.err(), containsString("no-such-task"));
    }
}
