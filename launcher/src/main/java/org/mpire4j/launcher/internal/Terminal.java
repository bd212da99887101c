package org.mpire4j.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process's standard error is a terminal, which decides whether a progress bar redraws
 * one line in place.
 *
 * <p>Why not {@code System.console()}: on JDK 25 it stands for standard input and output together
 * ({@code isTerminal()} is false as soon as either is redirected), while the bar is on standard error,
 * and results redirected to a file are the usual case.
 */
final class Terminal {

    private Terminal() {
    }

    /**
     * Whether standard error is a terminal: on Linux, file descriptor 2 links to a terminal device;
     * elsewhere, the JDK's console answer is the best there is.
     *
     * @return {@code true} for a terminal
     */
    static boolean standardError() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false; // closed or unreadable: no terminal to draw on
            }
        }
        return System.console() != null && System.console().isTerminal();
    }

    /**
     * Whether standard input and output are both a terminal, where {@code serve} opens the shell
     * console: a person is typing. On JDK 25 {@code System.console()} exists even when redirected;
     * {@code isTerminal()} says whether both streams are a terminal.
     *
     * @return {@code true} for an interactive terminal
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Pseudo-terminals ({@code /dev/pts/N}) and terminals ({@code /dev/ttyN}, {@code /dev/console}). */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }
}
