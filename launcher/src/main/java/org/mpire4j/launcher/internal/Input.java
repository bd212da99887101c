package org.mpire4j.launcher.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The input of {@code run}: its lines, read lazily, and their number when it can be known before
 * the map starts, so that the progress bar and the dashboard show a percentage and an ETA.
 *
 * <p>A regular file is counted first (one pass over its bytes, at disk speed); anything else that
 * can be read, such as standard input, a named pipe ({@code <(cmd)}) or {@code /dev/stdin}, can be
 * read only once, so it streams without a total rather than being held in memory.
 *
 * @param reader the lines
 * @param total the number of lines, or -1 when unknown
 */
record Input(BufferedReader reader, long total) {

    /**
     * Opens {@code --input}.
     *
     * @param spec the option's value: a path, or {@code -} for standard input
     * @param stdin standard input
     * @return the input
     * @throws IllegalArgumentException if the path cannot be read, with a message for the user
     * @throws IOException if opening it failed after all
     */
    static Input open(String spec, InputStream stdin) throws IOException {
        return open(spec, stdin, Path.of("").toAbsolutePath(), ProcessHandle.current().pid());
    }

    /**
     * Opens {@code --input} for a caller that may be another process: a run attached to serve reads
     * the client's files, relative to the client's folder, and its {@code /dev/stdin} and
     * {@code /dev/fd/N} (a named pipe from {@code <(cmd)}) through {@code /proc/PID/fd/N}.
     *
     * @param spec the option's value: a path, or {@code -} for standard input
     * @param stdin standard input
     * @param workingDirectory the folder a relative path is in
     * @param callerPid the process whose descriptors {@code /dev/stdin} and {@code /dev/fd/N} name
     * @return the input
     * @throws IllegalArgumentException if the path cannot be read, with a message for the user
     * @throws IOException if opening it failed after all
     */
    static Input open(String spec, InputStream stdin, Path workingDirectory, long callerPid) throws IOException {
        if (spec.equals("-")) {
            return new Input(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), -1);
        }
        Path file = locate(spec, workingDirectory, callerPid);
        String problem = !Files.exists(file) ? "no such file" : Files.isDirectory(file) ? "a directory"
                : !Files.isReadable(file) ? "not readable" : null;
        if (problem != null) {
            throw new IllegalArgumentException("cannot read --input '" + spec + "': " + problem
                    + "; pass a readable file (a named pipe or /dev/stdin too), or - for standard input");
        }
        long total = Files.isRegularFile(file) ? countLines(file) : -1;
        return new Input(Files.newBufferedReader(file, StandardCharsets.UTF_8), total);
    }

    private static final java.util.regex.Pattern OWN_DESCRIPTOR =
            java.util.regex.Pattern.compile("/dev/(?:stdin()|fd/(\\d+))|/proc/self/fd/(\\d+)");

    /** Where {@code spec} is for the caller's process: its folder, and its descriptors through /proc. */
    static Path locate(String spec, Path workingDirectory, long callerPid) {
        java.util.regex.Matcher descriptor = OWN_DESCRIPTOR.matcher(spec);
        if (callerPid != ProcessHandle.current().pid() && descriptor.matches()) {
            String fd = descriptor.group(1) != null ? "0" : descriptor.group(2) != null ? descriptor.group(2)
                    : descriptor.group(3);
            return Path.of("/proc", Long.toString(callerPid), "fd", fd);
        }
        return workingDirectory.resolve(spec);
    }

    /**
     * The number of lines {@link BufferedReader#readLine()} gives: line ends are {@code \n},
     * {@code \r} or {@code \r\n}, and a last line without an end counts too. In UTF-8 those bytes
     * never occur inside a character, so the bytes can be counted without decoding.
     */
    static long countLines(Path file) throws IOException {
        long lines = 0;
        boolean open = false; // a line started and not ended yet
        boolean afterCr = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (!afterCr) {
                            lines++;
                        }
                        open = false;
                        afterCr = false;
                    } else if (b == '\r') {
                        lines++;
                        open = false;
                        afterCr = true;
                    } else {
                        open = true;
                        afterCr = false;
                    }
                }
            }
        }
        return open ? lines + 1 : lines;
    }

    /**
     * The lines, read lazily as the engine takes arguments; read errors surface as
     * {@link UncheckedIOException}, which fails the map.
     */
    Iterable<String> lines() {
        return () -> new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = null;
                return line;
            }
        };
    }
}
