package org.mpire4j.launcher.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;

/**
 * The client side of an attached {@code run} ({@link Attach}): when a {@code serve} answers on the
 * distribution's socket, the command line goes to it and its output comes back; nothing here parses
 * the command beyond finding {@code run}, {@code --home} and {@code --local}, so usage errors, results
 * and exit statuses are exactly those of the serve's {@link Run}.
 *
 * <p>Runs before anything heavy (picocli, Felix): the attached path is a JVM start and a connection.
 */
final class AttachClient {

    private AttachClient() {
    }

    /**
     * Runs the command line attached to a serve, if it is a {@code run} without {@code --local} and a
     * serve answers on the socket.
     *
     * @param args the command line
     * @param home the distribution folder when {@code --home} is absent
     * @return the exit status, or empty when the command is to run locally
     */
    static OptionalInt tryRun(List<String> args, Path defaultHome) {
        int run = Attach.runIndex(args);
        if (run < 0 || args.contains("--local")) {
            return OptionalInt.empty();
        }
        Path socket = Attach.socket(home(args, defaultHome));
        if (!Files.exists(socket)) {
            return OptionalInt.empty(); // the usual case without a serve: no channel classes loaded at all
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException stale) {
            return OptionalInt.empty(); // a socket left by a killed serve, or one we may not use: run locally
        }
        try (channel) {
            return OptionalInt.of(converse(channel, args));
        } catch (IOException e) {
            System.err.println("mpire4j: the attached run lost its connection to serve (" + e.getMessage() + ")");
            return OptionalInt.of(Main.FAILED);
        }
    }

    private static Path home(List<String> args, Path defaultHome) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--home") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (args.get(i).startsWith("--home=")) {
                return Path.of(args.get(i).substring("--home=".length()));
            }
        }
        return defaultHome;
    }

    private static int converse(SocketChannel channel, List<String> args) throws IOException {
        DataOutputStream toServe = new DataOutputStream(new BufferedOutputStream(Attach.output(channel), 1 << 16));
        DataInputStream fromServe = new DataInputStream(new BufferedInputStream(Attach.input(channel), 1 << 16));
        Attach.Request request = new Attach.Request(Path.of("").toAbsolutePath(), ProcessHandle.current().pid(),
                Terminal.standardError(), System.out.charset().name(), args);
        Attach.write(toServe, Attach.REQUEST, request.encode());
        // The raw descriptors: serve's bytes are already encoded, and System.out would buffer them twice.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        Semaphore wanted = new Semaphore(0); // chunks of standard input serve has asked for
        boolean pumping = false;
        while (true) {
            Attach.Frame frame = Attach.read(fromServe);
            if (frame == null) {
                System.err.println("mpire4j: serve closed the attached run without an exit status (did it stop?)");
                return Main.FAILED;
            }
            switch (frame.type()) {
                case Attach.OUT -> out.write(frame.data());
                case Attach.ERR -> err.write(frame.data());
                case Attach.WANT_STDIN -> {
                    if (!pumping) {
                        pumping = true;
                        pumpStandardInput(toServe, wanted);
                    }
                    wanted.release();
                }
                case Attach.EXIT -> {
                    return new DataInputStream(new java.io.ByteArrayInputStream(frame.data())).readInt();
                }
                default -> throw new IOException("unexpected frame type " + frame.type());
            }
        }
    }

    /**
     * Sends standard input to serve on a daemon thread, one chunk per {@link Attach#WANT_STDIN}, so that
     * results keep coming while it reads; a failed send means serve is gone, which the main thread
     * sees by itself.
     */
    private static void pumpStandardInput(DataOutputStream toServe, Semaphore wanted) {
        Thread.ofPlatform().daemon(true).name("mpire4j-stdin").start(() -> {
            byte[] buffer = new byte[1 << 15];
            InputStream in = new FileInputStream(FileDescriptor.in);
            try {
                while (true) {
                    wanted.acquire();
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        // As a local run's input error: the run fails, and it must not look complete.
                        System.err.println("mpire4j: running the task failed: cannot read the input: " + e.getMessage());
                        System.exit(Main.FAILED);
                        return;
                    }
                    if (n < 0) {
                        Attach.write(toServe, Attach.STDIN_END, new byte[0]);
                        return;
                    }
                    Attach.write(toServe, Attach.STDIN, buffer, 0, n);
                }
            } catch (IOException | InterruptedException gone) {
                // serve went away: the main thread sees the connection end by itself
            }
        });
    }
}
