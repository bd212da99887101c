package org.mpire4j.launcher.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.osgi.framework.launch.Framework;

/**
 * The serve side of attached runs ({@link Attach}): listens on the distribution's socket and runs
 * each connection's command line with {@link Main#runAttached}, the very {@link Run} a local
 * {@code run} uses, against this serve's framework, with the connection as its standard streams.
 *
 * <p>One serve per distribution answers: it holds {@value Attach#LOCK} locked while it runs (the
 * lock goes with the process, even on SIGKILL). A serve that gets the lock replaces a socket file
 * left behind, unless something answers on it; a serve that does not get it takes no attached runs.
 */
final class AttachServer implements AutoCloseable {

    private static final String OWNER_ONLY_FOLDER = "rwx------";
    private static final String OWNER_ONLY_SOCKET = "rw-------";

    private final Path socket;
    private final ServerSocketChannel server;
    private final FileChannel lockFile;
    private final Framework framework;
    private final Path home;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean closed;

    private AttachServer(Path socket, ServerSocketChannel server, FileChannel lockFile, Framework framework, Path home) {
        this.socket = socket;
        this.server = server;
        this.lockFile = lockFile;
        this.framework = framework;
        this.home = home;
    }

    /**
     * Starts listening for attached runs.
     *
     * @param home the distribution folder
     * @param framework serve's framework, which attached runs use
     * @param log where to say why attached runs are not possible
     * @return the server, or {@code null} when this serve takes no attached runs (told on {@code log})
     */
    static AttachServer start(Path home, Framework framework, PrintStream log) {
        Path socket = Attach.socket(home);
        Path folder = socket.getParent();
        FileChannel lockFile = null;
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(OWNER_ONLY_FOLDER)));
            }
            // Also when it existed: nobody else may reach the socket, not even between bind and chmod.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(OWNER_ONLY_FOLDER));
            lockFile = FileChannel.open(folder.resolve(Attach.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                lockFile.close();
                log.println("mpire4j: another serve of " + home.toAbsolutePath().normalize() + " takes attached runs"
                        + " (it holds " + folder.resolve(Attach.LOCK) + "); this one takes none");
                return null;
            }
            if (Files.exists(socket)) {
                if (answers(socket)) {
                    lockFile.close();
                    log.println("mpire4j: something answers on " + socket + "; this serve takes no attached runs");
                    return null;
                }
                Files.delete(socket); // left by a serve that was killed
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(OWNER_ONLY_SOCKET));
            AttachServer attach = new AttachServer(socket, server, lockFile, framework, home);
            Thread.ofPlatform().daemon(true).name("mpire4j-attach").start(attach::accept);
            return attach;
        } catch (IOException | RuntimeException e) {
            // A path too long for a socket, a read-only distribution, no POSIX permissions: runs stay local.
            log.println("mpire4j: attached runs are off: cannot listen on " + socket + ": " + e);
            if (lockFile != null) {
                try {
                    lockFile.close();
                } catch (IOException ignored) {
                    // closing releases the lock; nothing more to do
                }
            }
            return null;
        }
    }

    /** The socket's path. */
    Path socket() {
        return socket;
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofPlatform().daemon(true).name("mpire4j-attached-run-" + sessions.incrementAndGet())
                    .start(() -> session(client));
        }
    }

    /** One connection: its request, its run, its exit status; a client gone mid-run cancels the run. */
    private void session(SocketChannel client) {
        try (client) {
            DataInputStream fromClient = new DataInputStream(new BufferedInputStream(Attach.input(client), 1 << 16));
            DataOutputStream toClient = new DataOutputStream(new BufferedOutputStream(Attach.output(client), 1 << 16));
            Attach.Frame first = Attach.read(fromClient);
            if (first == null || first.type() != Attach.REQUEST) {
                return; // a probe (another serve checking the socket), or not a client of ours
            }
            Attach.Request request;
            try {
                request = Attach.Request.decode(first.data());
            } catch (IOException e) {
                // A client of another build: say why rather than leave it guessing.
                Attach.write(toClient, Attach.ERR, ("mpire4j: serve cannot take this run: " + e.getMessage()
                        + "; pass --local, or use the launcher.jar of the running serve\n").getBytes(StandardCharsets.UTF_8));
                Attach.write(toClient, Attach.EXIT, ByteBuffer.allocate(4).putInt(Main.FAILED).array());
                return;
            }
            Cancellation cancellation = new Cancellation();
            StandardInput stdin = new StandardInput(toClient);
            Charset charset = Charset.isSupported(request.charset()) ? Charset.forName(request.charset())
                    : Charset.defaultCharset();
            PrintStream out = frames(toClient, Attach.OUT, charset, cancellation);
            PrintStream err = frames(toClient, Attach.ERR, charset, cancellation);
            Thread.ofPlatform().daemon(true).name(Thread.currentThread().getName() + "-reader")
                    .start(() -> readClient(fromClient, stdin, cancellation));
            Main.Io io = new Main.Io(stdin, out, err, Main.DEMO_WAIT, new Main.Attached(framework, home,
                    request.workingDirectory(), request.pid(), request.errTerminal(), cancellation));
            int status;
            try {
                status = Main.runAttached(request.args(), io);
            } catch (RuntimeException | LinkageError e) {
                // A LinkageError: the bridge bundle was refreshed under the run. The client still gets a status.
                err.println("mpire4j: run failed in serve: " + Main.oneLine(String.valueOf(e)));
                status = Main.FAILED;
            }
            out.flush();
            err.flush();
            cancellation.finished();
            Attach.write(toClient, Attach.EXIT, ByteBuffer.allocate(4).putInt(status).array());
            // Closing the connection ends the reader too (its read fails; the run is finished, nothing to cancel).
        } catch (IOException gone) {
            // the client went away; its run, if any, was cancelled when its frames stopped
        }
    }

    /** Reads the client's frames: standard input, and the connection's end, which cancels a running run. */
    private static void readClient(DataInputStream fromClient, StandardInput stdin, Cancellation cancellation) {
        try {
            while (true) {
                Attach.Frame frame = Attach.read(fromClient);
                if (frame == null) {
                    break;
                }
                if (frame.type() == Attach.STDIN) {
                    stdin.add(frame.data());
                } else if (frame.type() == Attach.STDIN_END) {
                    stdin.add(StandardInput.END);
                }
            }
        } catch (IOException broken) {
            // the same as an end: the client is gone
        }
        cancellation.cancel();
        stdin.clientGone();
    }

    private static PrintStream frames(DataOutputStream toClient, byte type, Charset charset, Cancellation cancellation) {
        OutputStream frames = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    Attach.write(toClient, type, bytes, offset, length);
                } catch (IOException gone) {
                    cancellation.cancel(); // PrintStream hides the failure; the run must not go on for nobody
                    throw gone;
                }
            }
        };
        // Buffered, flushed by every println: one frame per result line, not one per print call.
        return new PrintStream(new BufferedOutputStream(frames, 1 << 13), true, charset);
    }

    /** Stops listening and removes the socket; runs under way finish on their own connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in practice
        }
        try {
            Files.deleteIfExists(socket);
            lockFile.close(); // releases the lock: the next serve may take attached runs
        } catch (IOException e) {
            // a socket file left here is replaced by the next serve
        }
    }

    /**
     * What cancels one attached run when its client goes away: the bridge registers how to stop its
     * pool ({@code RunCommand.CANCEL}); registered after the cancel, it runs at once.
     */
    static final class Cancellation implements Consumer<Runnable> {
        private final List<Runnable> actions = new ArrayList<>();
        private boolean cancelled;
        private boolean finished;

        @Override
        public void accept(Runnable action) {
            boolean now;
            synchronized (this) {
                now = cancelled;
                if (!now) {
                    actions.add(action);
                }
            }
            if (now) {
                action.run();
            }
        }

        void cancel() {
            List<Runnable> toRun;
            synchronized (this) {
                if (cancelled || finished) {
                    return;
                }
                cancelled = true;
                toRun = List.copyOf(actions);
            }
            // On a thread of its own: the failed write that noticed may be the pool's own result consumer.
            Thread.ofPlatform().daemon(true).name("mpire4j-attached-cancel").start(() -> toRun.forEach(Runnable::run));
        }

        synchronized void finished() {
            finished = true;
        }
    }

    /**
     * The client's standard input as serve's run reads it, pulled: each {@link Attach#WANT_STDIN}
     * asks for one more chunk, asked for as the run starts on the previous one. So at most two chunks
     * wait here (a fast client waits for a slow run, not for memory), and the reader of the client's
     * frames never blocks on them: it always sees the client go away.
     */
    private static final class StandardInput extends InputStream {
        static final byte[] END = new byte[0];

        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private final DataOutputStream toClient;
        private ByteBuffer current = ByteBuffer.allocate(0);
        private boolean asked;
        private boolean ended;
        private volatile boolean gone;

        StandardInput(DataOutputStream toClient) {
            this.toClient = toClient;
        }

        void add(byte[] chunk) {
            chunks.add(chunk);
        }

        /** The client is gone: a read waiting for input fails. */
        void clientGone() {
            gone = true;
            chunks.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!asked) {
                asked = true;
                Attach.write(toClient, Attach.WANT_STDIN, new byte[0]);
            }
            while (!current.hasRemaining()) {
                if (ended) {
                    return -1;
                }
                byte[] next;
                try {
                    next = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the client's input");
                }
                if (next == END) {
                    ended = true;
                    if (gone) {
                        throw new IOException("the attached client went away");
                    }
                } else {
                    Attach.write(toClient, Attach.WANT_STDIN, new byte[0]); // the next one, while this one is read
                }
                current = ByteBuffer.wrap(next);
            }
            int n = Math.min(length, current.remaining());
            current.get(buffer, offset, n);
            return n;
        }
    }
}
