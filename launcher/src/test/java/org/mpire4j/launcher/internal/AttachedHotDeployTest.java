package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mpire4j.launcher.internal.LauncherProcesses.Result;

/**
 * Deploy, replace and remove a task bundle again and again against one {@code serve}, checking after
 * each step that attached runs (the CLI) and {@code mpire:run} in serve's shell console both run the
 * right code, with no restart. The console needs a terminal: serve runs under {@code script(1)}.
 * Cycles: {@value #DEFAULT_CYCLES}, or {@code -Dmpire.attach.cycles=N}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class AttachedHotDeployTest {

    private static final int DEFAULT_CYCLES = 5;
    private static final String TASK = "echo-cycle";
    private static final Duration STEP_WAIT = Duration.ofSeconds(30);
    private static final String NL = System.lineSeparator();
    /** How many finished maps the dashboard keeps (its {@code Dashboard.MAX_FINISHED}, in a bundle this cannot see). */
    private static final int DASHBOARD_KEEPS = 100;

    @TempDir
    Path home;

    @TempDir
    Path scratch;

    @Test
    void deployReplaceRemoveCyclesRunTheRightCodeFromTheCliAndTheShell() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script for a terminal");
        int cycles = Integer.getInteger("mpire.attach.cycles", DEFAULT_CYCLES);
        LauncherProcesses.copyDistribution(home);
        Path v1 = TestJars.taskBundle(scratch.resolve("cycle-1.jar"), "test.cycle", "1", TASK, scratch);
        Path v2 = TestJars.taskBundle(scratch.resolve("cycle-2.jar"), "test.cycle", "2", TASK, scratch);
        Path deployed = home.resolve(Launcher.DEPLOY).resolve("cycle.jar");

        String command = String.join(" ", LauncherProcesses.command(home, "serve").stream().map(AttachedHotDeployTest::quoted)
                .toList());
        Process script = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").redirectErrorStream(true)
                .start();
        Console console = new Console(script);
        List<Long> deployToFirstResult = new ArrayList<>();
        try {
            console.await(() -> console.text().contains("Welcome to Apache Felix Gogo"), "the shell console");
            int unknownInShell = 0;
            for (int cycle = 1; cycle <= cycles; cycle++) {
                // deploy: the next attached run waits for the new jar, then runs it
                long copied = System.nanoTime();
                place(v1, deployed);
                deployToFirstResult.add(firstResultMillis(copied, "c" + cycle, "v1:c" + cycle));
                console.run(inputFile("s" + cycle + "a"), "v1:s" + cycle + "a");

                // replace: the next run, attached or in the shell, uses the new code
                place(v2, deployed);
                assertRuns("d" + cycle, "v2:d" + cycle);
                console.run(inputFile("s" + cycle + "b"), "v2:s" + cycle + "b");

                // remove: the task is gone for both
                Files.delete(deployed);
                Result gone = LauncherProcesses.run(home, "x\n", "run", TASK);
                assertThat(gone.err(), gone.exit(), is(2));
                assertThat(gone.err(), containsString("unknown task '" + TASK + "'"));
                int expected = ++unknownInShell;
                console.type("mpire:run " + TASK + " --input " + inputFile("s" + cycle + "c"));
                console.await(() -> console.count("unknown task '" + TASK + "'") >= expected, "mpire:run says unknown task");
            }
            // Both kinds of run are on serve's dashboard: two attached and two shell maps a cycle.
            String maps = LauncherProcesses.dashboardMaps(console.text());
            int listed = maps.split("\"task\":\"test.cycle.Echo\"", -1).length - 1;
            assertThat("every attached and shell run on the dashboard: " + maps, listed,
                    is(Math.min(4 * cycles, DASHBOARD_KEEPS)));
        } finally {
            console.type("exit 0");
            script.getOutputStream().close();
            if (!script.waitFor(60, TimeUnit.SECONDS)) {
                script.destroyForcibly();
            }
        }
        List<Long> sorted = deployToFirstResult.stream().sorted().toList();
        System.out.println("attached hot deploy: " + cycles + " deploy/replace/remove cycles; from the copy into deploy/"
                + " to the first result of an attached run: median " + sorted.get(sorted.size() / 2) + " ms, max "
                + sorted.getLast() + " ms, all " + deployToFirstResult);
    }

    /** Starts an attached run right after a deploy and returns how long after {@code since} its first result came. */
    private long firstResultMillis(long since, String line, String expected) throws Exception {
        Process client = LauncherProcesses.start(home, "run", TASK);
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<String> out = LauncherProcesses.drain(client.getInputStream(), expected, first);
        CompletableFuture<String> err = LauncherProcesses.drain(client.getErrorStream(), null, null);
        try (OutputStream in = client.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat("a first result", first.await(STEP_WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        assertThat("the client ends", client.waitFor(STEP_WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        assertThat(err.get(10, TimeUnit.SECONDS), client.exitValue(), is(0));
        assertThat(out.get(10, TimeUnit.SECONDS), is(expected + NL));
        return millis;
    }

    private void assertRuns(String line, String expected) throws Exception {
        Result result = LauncherProcesses.run(home, line + "\n", "run", TASK);
        assertThat(result.err(), result.exit(), is(0));
        assertThat(result.out(), is(expected + NL));
    }

    /** Puts a jar into deploy/ in one step, stamped now (FileInstall sees a change of time or size). */
    private void place(Path jar, Path target) throws IOException {
        Path partial = Files.createTempFile(home, "partial", ".tmp");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(partial, FileTime.fromMillis(System.currentTimeMillis()));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String inputFile(String line) throws IOException {
        return Files.writeString(scratch.resolve(line + ".txt"), line + "\n").toString();
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** serve's shell console on script's terminal: what it printed, and typing into it. */
    private static final class Console {
        private final Process script;
        private final StringBuilder screen = new StringBuilder();

        Console(Process script) {
            this.script = script;
            Thread.ofPlatform().daemon(true).start(() -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = script.getInputStream()) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        synchronized (this) {
                            screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            notifyAll();
                        }
                    }
                } catch (IOException ended) {
                    // the console closed
                }
            });
        }

        synchronized String text() {
            return screen.toString();
        }

        synchronized int count(String what) {
            int count = 0;
            for (int at = screen.indexOf(what); at >= 0; at = screen.indexOf(what, at + 1)) {
                count++;
            }
            return count;
        }

        void type(String line) throws IOException {
            OutputStream keys = script.getOutputStream();
            keys.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        void run(String inputFile, String expected) throws Exception {
            type("mpire:run " + TASK + " --input " + inputFile);
            await(() -> text().contains(expected), "mpire:run prints " + expected);
        }

        /** Waits, bounded, woken by every output of the console. */
        synchronized void await(BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !script.isAlive()) {
                    throw new AssertionError("waited in vain for " + what + "; the console showed:\n" + screen);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
