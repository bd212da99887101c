package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line, run in-process through {@link Main#run}: usage errors without a framework, and
 * the commands on tiny bundles or on a copy of the real distribution (target/dist).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Duration demoWait, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), demoWait);
    }

    /** Runs with {@code stdin} as standard input. */
    private int runWithInput(String stdin, String... args) {
        return Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Main.DEMO_WAIT);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One line: the launcher's usage errors are one line each. */
    private String oneErrorLine() {
        String text = err();
        assertThat("one line: " + text, text.strip().lines().count(), is(1L));
        return text;
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demoRunsTheDemoServiceAndSucceeds(@TempDir Path home) throws Exception {
        TestJars.demoBundle(home.resolve("bundles/demo.jar"));
        System.clearProperty(DemoActivator.RAN_PROPERTY);
        assertThat(err(), run(Main.DEMO_WAIT, "demo", "--home", home.toString()), is(Main.OK));
        assertThat(System.getProperty(DemoActivator.RAN_PROPERTY), is("true"));
    }

    @Test
    void demoThatThrowsExitsWithStatus1(@TempDir Path home) throws Exception {
        TestJars.demoBundle(home.resolve("bundles/demo.jar"), "Test-Demo", "fail");
        assertThat(run(Main.DEMO_WAIT, "demo", "--home", home.toString()), is(Main.FAILED));
        assertThat(err(), allOf(containsString("the demo failed"), containsString("fails on purpose")));
    }

    @Test
    void demoFailsClearlyWhenNoDemoAppears(@TempDir Path home) throws Exception {
        TestJars.bundle(home.resolve("bundles/plain.jar"), "test.plain");
        assertThat(run(Duration.ofMillis(200), "demo", "--home=" + home), is(Main.FAILED));
        assertThat(err(), containsString("no demo found"));
    }

    @Test
    void unresolvableBundleExitsWithStatus3NamingIt(@TempDir Path home) throws Exception {
        TestJars.bundle(home.resolve("bundles/broken.jar"), "test.broken",
                "Import-Package", "com.example.nobody.exports.this");
        assertThat(run(Main.DEMO_WAIT, "serve", "--home", home.toString()), is(Main.START_FAILED));
        assertThat(err(), allOf(containsString("test.broken"), containsString("broken.jar"),
                containsString("com.example.nobody.exports.this")));
    }

    @Test
    void unknownCommandIsAOneLineUsageError() {
        assertThat(run(Main.DEMO_WAIT, "frobnicate"), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("'frobnicate'"), containsString("java -jar launcher.jar --help")));
    }

    @Test
    void homeWithoutFolderIsAUsageError() {
        assertThat(run(Main.DEMO_WAIT, "demo", "--home"), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("--home"), containsString("DIR")));
    }

    @Test
    void twoCommandsAreAUsageError() {
        assertThat(run(Main.DEMO_WAIT, "serve", "demo"), is(Main.USAGE));
        assertThat(oneErrorLine(), containsString("'demo'"));
    }

    @Test
    void helpListsTheCommandsAndExitStatuses() {
        assertThat(run(Main.DEMO_WAIT, "--help"), is(Main.OK));
        assertThat(out(), allOf(containsString("Usage: java -jar launcher.jar"), containsString("serve"),
                containsString("run"), containsString("list"), containsString("demo"), containsString("member"),
                containsString("Exit status"), containsString("130"), containsString("143")));
        out.reset();
        assertThat(run(Main.DEMO_WAIT, "run", "--help"), is(Main.OK));
        assertThat(out(), allOf(containsString("--jobs"), containsString("--start-method"), containsString("--input"),
                containsString("--progress"), containsString("--option"), containsString("connectTimeoutSeconds")));
        out.reset();
        assertThat(run(Main.DEMO_WAIT, "member", "--help"), is(Main.OK));
        assertThat(out(), allOf(containsString("--cluster"), containsString("--host"), containsString("--port"),
                containsString("--members"), containsString("--die-with-parent"), containsString("--home"),
                containsString("mpire4j member ready")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=0", "--port=65536", "--port=http", "--host=localhost", "--host=300.1.2.3",
            "--members=127.0.0.1:5701,127.0.0.1:99999", "--members=127.0.0.1:", "--members=a b:5701", "--cluster= "})
    void badMemberOptionIsAOneLineUsageErrorNamingTheValue(String option) {
        String value = option.substring(option.indexOf('=') + 1);
        String bad = value.contains(",") ? value.substring(value.indexOf(',') + 1) : value;
        assertThat(run(Main.DEMO_WAIT, "member", option), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString(option.substring(0, option.indexOf('='))),
                containsString("'" + bad + "'")));
    }

    @Test
    void startMethodOptionWithoutAnEqualsSignIsAOneLineUsageError() {
        assertThat(run(Main.DEMO_WAIT, "run", "upper", "--option", "clusterName"), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("--option"), containsString("clusterName"),
                containsString("KEY=VALUE")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", "1.5"})
    void badJobsIsAOneLineUsageErrorNamingTheValueAndTheFix(String jobs) {
        assertThat(run(Main.DEMO_WAIT, "run", "upper", "--jobs", jobs), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("--jobs"), containsString("'" + jobs + "'"),
                containsString("for example --jobs 4")));
    }

    @Test
    void missingTaskIsAOneLineUsageError() {
        assertThat(run(Main.DEMO_WAIT, "run"), is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("TASK"), containsString("run --help")));
    }

    @Test
    void unreadableInputIsAOneLineUsageErrorBeforeAnythingStarts(@TempDir Path home) {
        Path missing = home.resolve("no-such-input.txt");
        assertThat(run(Main.DEMO_WAIT, "run", "upper", "--input", missing.toString(), "--home", home.toString()),
                is(Main.USAGE));
        assertThat(oneErrorLine(), allOf(containsString("'" + missing + "'"), containsString("no such file"),
                containsString("- for standard input")));
        err.reset();
        assertThat(run(Main.DEMO_WAIT, "run", "upper", "--input", home.toString()), is(Main.USAGE));
        assertThat(oneErrorLine(), containsString("a directory"));
    }

    /** The commands against a copy of the real distribution: each boots its own framework. */
    @Nested
    class OnTheDistribution {

        @TempDir
        Path home;

        @BeforeEach
        void copyDistribution() throws IOException {
            TestJars.copyDistribution(home);
        }

        @Test
        void runStreamsWordCountsOfAFileOnThreads() throws IOException {
            Path input = Files.writeString(home.resolve("lines.txt"), "the quick brown fox\n\n  jumps  over\n");
            assertThat(err(), run(Main.DEMO_WAIT, "run", "word-count", "--jobs", "2", "--start-method", "thread",
                    "--input", input.toString(), "--home", home.toString()), is(Main.OK));
            assertThat(out(), is(String.join(System.lineSeparator(), "4", "0", "2", "")));
        }

        @Test
        void runReadsStandardInputAndRunsOnSpawnedWorkers() {
            assertThat(err(), runWithInput("abc\nDéjà vu\n", "run", "upper", "-j", "2", "-s", "spawn", "--progress",
                    "--home", home.toString()), is(Main.OK));
            assertThat(out(), is(String.join(System.lineSeparator(), "ABC", "DÉJÀ VU", "")));
        }

        @Test
        void runFindsATaskOfABundleAlreadyInTheDeployFolder(@TempDir Path scratch) throws IOException {
            TestJars.taskBundle(home.resolve(Launcher.DEPLOY).resolve("early.jar"), "test.early", "3", "early", scratch);
            assertThat(err(), runWithInput("x\n", "run", "early", "--home", home.toString()), is(Main.OK));
            assertThat(out(), is("v3:x" + System.lineSeparator()));
        }

        @Test
        void unknownTaskIsAOneLineUsageErrorListingTheInstalledOnes() {
            assertThat(runWithInput("x\n", "run", "no-such-task", "--home", home.toString()), is(Main.USAGE));
            assertThat(oneErrorLine(), allOf(containsString("unknown task 'no-such-task'"),
                    containsString("word-count"), containsString("list")));
            assertThat(out(), is(""));
        }

        @Test
        void unknownStartMethodIsAOneLineUsageErrorListingTheInstalledOnes() {
            assertThat(runWithInput("x\n", "run", "upper", "--start-method", "carrier-pigeon", "--home", home.toString()),
                    is(Main.USAGE));
            assertThat(oneErrorLine(), allOf(containsString("unknown start method 'carrier-pigeon'"), containsString("thread"),
                    containsString("spawn"), containsString("--start-method")));
        }

        @Test
        void listShowsTasksAndStartMethodsWithBundleVersions() {
            assertThat(err(), run(Main.DEMO_WAIT, "list", "--home", home.toString()), is(Main.OK));
            String listing = out();
            assertThat(listing, allOf(containsString("word-count"), containsString("upper"),
                    containsString("prefix-count"), containsString("org.mpire4j.tasks.text 0.1.0"),
                    containsString("org.mpire4j.thread 0.1.0"), containsString("org.mpire4j.spawn 0.1.0")));
            List<String> methods = listing.lines().dropWhile(l -> !l.startsWith("Start methods")).skip(1).toList();
            assertThat("default first: " + listing, methods.getFirst(), allOf(startsWith("  thread"),
                    containsString("ranking 100"), containsString("(default)")));
        }
    }
}
