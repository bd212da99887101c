package org.mpire4j.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Karaf server process ({@code bin/karaf server}) and the test console in it: commands go to its standard
 * input, and each command's output is read from its standard output up to the console's end marker. Every
 * wait is bounded; {@link #close()} kills Karaf and every process it started (spawn's workers).
 */
final class KarafProcess implements AutoCloseable {

    // The console's markers (see ConsoleLoop in the console bundle).
    private static final String READY = "@@ready";
    private static final String DONE = "@@done";
    private static final String FAILED = "@@failed";
    /** Queued when Karaf's output ends. */
    private static final String END = "\u0000end of Karaf's output";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Everything Karaf printed, for failure messages. */
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    private KarafProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "karaf-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts Karaf in {@code home} on this test's Java and waits until the console reads commands.
     *
     * @param home the configured installation
     * @param timeout how long the boot may take
     * @return the running Karaf
     * @throws IOException if Karaf cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    static KarafProcess start(KarafHome home, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.root().resolve("bin/karaf").toString(), "server")
                .directory(home.root().toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // exec: the script becomes the JVM, so that the process this test kills is Karaf itself.
        builder.environment().put("KARAF_EXEC", "exec");
        KarafProcess karaf = new KarafProcess(builder.start());
        try {
            karaf.readUntil(line -> line.equals(READY), "the console to start", timeout);
        } catch (RuntimeException | Error | InterruptedException e) {
            karaf.close();
            throw e;
        }
        return karaf;
    }

    /**
     * Runs one console command.
     *
     * @param command a Gogo command line, or {@code await FILTER SECONDS}
     * @param timeout how long it may take
     * @return the lines it printed
     * @throws InterruptedException if interrupted while waiting
     * @throws AssertionError if it failed or did not end in time
     */
    List<String> run(String command, Duration timeout) throws InterruptedException {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Karaf's standard input is closed; output so far:\n" + transcript(), e);
        }
        List<String> output = readUntil(line -> line.equals(DONE) || line.startsWith(FAILED), command, timeout);
        String last = output.removeLast();
        if (last.startsWith(FAILED)) {
            throw new AssertionError("'" + command + "' failed: " + last + "\n" + String.join("\n", output));
        }
        return output;
    }

    private List<String> readUntil(Predicate<String> end, String what, Duration timeout)
            throws InterruptedException {
        List<String> output = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError((line == null ? "timed out after " + timeout + " waiting for "
                        : "Karaf exited while waiting for ") + what + "; its output:\n" + transcript());
            }
            output.add(line);
            if (end.test(line)) {
                return output;
            }
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                transcript.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            transcript.add("(reading Karaf's output failed: " + e + ")");
        } finally {
            lines.add(END);
        }
    }

    private String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Kills Karaf and its child processes, and waits (bounded) for Karaf to be gone. */
    @Override
    public void close() {
        // Children first: once Karaf is gone, its workers would no longer be its descendants.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Karaf (pid " + process.pid() + ") did not exit after being killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
