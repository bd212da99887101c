package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process through {@link Main#run}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Duration demoWait, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), demoWait);
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
    void unknownCommandPrintsUsageAndExitsWithStatus2() {
        assertThat(run(Main.DEMO_WAIT, "frobnicate"), is(Main.USAGE));
        assertThat(err(), allOf(containsString("frobnicate"), containsString("Usage: java -jar launcher.jar")));
    }

    @Test
    void homeWithoutFolderIsAUsageError() {
        assertThat(run(Main.DEMO_WAIT, "demo", "--home"), is(Main.USAGE));
        assertThat(err(), containsString("--home needs a folder"));
    }

    @Test
    void twoCommandsAreAUsageError() {
        assertThat(run(Main.DEMO_WAIT, "serve", "demo"), is(Main.USAGE));
        assertThat(err(), containsString("only one command"));
    }
}
