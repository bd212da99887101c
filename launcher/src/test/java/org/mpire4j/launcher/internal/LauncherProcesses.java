package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real {@code java -jar launcher.jar} processes on a copy of the distribution, for the tests of
 * attached runs: a serve, and commands run to their end. Every wait is bounded.
 */
final class LauncherProcesses {

    /** The JVM options of the tests: no JDK warnings in the output. */
    static final List<String> QUIET_JDK = List.of("--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private LauncherProcesses() {
    }

    /** Copies the whole distribution (launcher.jar, lib/, bundles/, console/, deploy/) into {@code home}. */
    static Path copyDistribution(Path home) throws IOException {
        Path dist = TestJars.dist();
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : files.toList()) {
                String relative = dist.relativize(source).toString();
                Path target = home.resolve(relative);
                if (relative.startsWith(Launcher.CACHE) || relative.startsWith(Attach.FOLDER)) {
                    continue; // left by commands run by hand in the distribution
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.createDirectories(home.resolve(Launcher.DEPLOY));
        return home;
    }

    /** The command line of {@code java -jar launcher.jar ARGS --home HOME}. */
    static List<String> command(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(QUIET_JDK);
        command.addAll(List.of("-jar", home.resolve("launcher.jar").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--home", home.toString()));
        return command;
    }

    static Process start(Path home, String... args) throws IOException {
        return new ProcessBuilder(command(home, args)).start();
    }

    /** What a command printed and its exit status. */
    record Result(int exit, String out, String err) {

        /** Standard error without the dashboard's address, which a local run prints and an attached one not. */
        String problems() {
            return err.lines().filter(line -> !line.startsWith("mpire4j dashboard: ")).map(line -> line + "\n")
                    .reduce("", String::concat);
        }
    }

    /** Runs a command to its end, with {@code stdin} as its standard input. */
    static Result run(Path home, String stdin, String... args) throws Exception {
        return finish(start(home, args), stdin);
    }

    static Result finish(Process process, String stdin) throws Exception {
        CompletableFuture<String> out = drain(process.getInputStream(), null, null);
        CompletableFuture<String> err = drain(process.getErrorStream(), null, null);
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ended) {
            // the command ended without reading its input
        }
        assertThat("the command ends", process.waitFor(120, TimeUnit.SECONDS), is(true));
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** Collects a stream on its own thread; counts down {@code seen} once {@code marker} appears. */
    static CompletableFuture<String> drain(InputStream stream, String marker, CountDownLatch seen) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            StringBuilder all = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = stream.read(buffer)) > 0;) {
                    synchronized (all) {
                        all.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
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

    /** The maps of the dashboard whose address {@code output} shows, as JSON ({@code /api/maps}). */
    static String dashboardMaps(String output) throws Exception {
        Matcher address = Serve.DASHBOARD.matcher(output);
        assertThat("serve printed its dashboard's address", address.find(), is(true));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(address.group(1))
                    .resolve("/api/maps")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }

    /**
     * A serve process with its output collected as it comes.
     *
     * @param process the serve
     * @param out everything it printed on standard output so far
     * @param err everything it printed on standard error so far
     */
    record Serve(Process process, StringBuilder out, StringBuilder err) implements AutoCloseable {

        private static final Pattern DASHBOARD = Pattern.compile("mpire4j dashboard: (http://\\S+)");

        /** Starts {@code serve} on {@code home} and waits until it is ready and shows its dashboard. */
        static Serve start(Path home) throws Exception {
            Serve serve = new Serve(LauncherProcesses.start(home, "serve"), new StringBuilder(), new StringBuilder());
            serve.collect(serve.process.getInputStream(), serve.out);
            serve.collect(serve.process.getErrorStream(), serve.err);
            serve.await(() -> serve.text(serve.out).contains("stop with Ctrl-C")
                    && DASHBOARD.matcher(serve.text(serve.err)).find(), Duration.ofSeconds(60), "serve is ready");
            return serve;
        }

        private void collect(InputStream stream, StringBuilder into) {
            Thread.ofPlatform().daemon(true).start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = stream.read(buffer)) > 0;) {
                        synchronized (this) {
                            into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            notifyAll();
                        }
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            });
        }

        synchronized String text(StringBuilder which) {
            return which.toString();
        }

        /** Waits, bounded, until serve's output satisfies {@code condition}; woken by every output. */
        synchronized void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("waited in vain for: " + what + "; serve's output: " + out + err);
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }

        /** The dashboard's maps as JSON ({@code /api/maps}). */
        String maps() throws Exception {
            return dashboardMaps(text(err));
        }

        /** Stops serve with SIGTERM, bounded. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("serve did not stop on SIGTERM within 60 s");
            }
        }
    }
}
