package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.WorkerPool;

/**
 * The map's progress bar redraws in place when standard error is a terminal, even with standard output
 * redirected to a file (where JDK 25's {@code System.console()} says there is no terminal).
 */
@Timeout(120)
class ProgressBarTerminalTest {

    /** Runs a map with a progress bar and prints its results, in a JVM of its own. */
    public static void main(String[] args) {
        try (WorkerPool<Void> pool = WorkerPool.builder().startMethod("thread").jobs(2).build()) {
            System.out.println(pool.map((ctx, x) -> x * 2, IntStream.range(0, 50).boxed().toList(),
                    MapOptions.defaults().progressBar(true)).size());
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Test
    void theBarRedrawsInPlaceWhenOnlyStandardErrorIsATerminal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script for a terminal");
        Path results = dir.resolve("results.txt");
        Path screen = dir.resolve("typescript");
        String command = String.join(" ", quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-cp", quoted(System.getProperty("java.class.path")), ProgressBarTerminalTest.class.getName(), ">",
                quoted(results.toString()));
        Process script = new ProcessBuilder("/usr/bin/script", "-qec", command, screen.toString())
                .redirectInput(new java.io.File("/dev/null")).redirectOutput(java.lang.ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).start();
        assertThat("the program ends", script.waitFor(90, TimeUnit.SECONDS), is(true));
        assertThat(script.exitValue(), is(0));
        assertThat(Files.readString(results).strip(), is("50"));
        assertThat("redrawn with a carriage return", Files.readString(screen), containsString("\r100%|"));
        assertThat(List.of(Files.readString(screen).contains("\n100%|")), is(List.of(false)));
    }
}
