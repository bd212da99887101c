package org.mpire4j.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * The main class of a worker process. Its stdin and stdout are the channel to the parent (so no
 * other process can connect to it); {@code System.out} is redirected to stderr, which the parent
 * inherits, so a task's prints cannot corrupt the channel.
 *
 * <p>A reader thread takes every frame off stdin at once: control messages act immediately (an
 * interrupt reaches a running task), and the end of stdin means the parent is gone, so the worker
 * halts rather than live on as an orphan.
 */
public final class WorkerMain {

    /** The exit code of a worker that received a message it could not decode. */
    public static final int UNREADABLE_MESSAGE = 70;

    private WorkerMain() {
    }

    /**
     * Runs one worker.
     *
     * @param args a name for {@code ps}, the worker id, and optionally {@code --program-fd N}: read the
     *     worker program from that inherited shared-memory descriptor instead of the first frame
     * @throws Exception if the worker program fails
     */
    public static void main(String[] args) throws Exception {
        int workerId = Integer.parseInt(args[1]);
        DataOutputStream toParent = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream fromParent = new DataInputStream(
                new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        JdkSerializationCodec codec = new JdkSerializationCodec(WorkerMain.class.getClassLoader());
        WorkerProgram program;
        if (args.length > 3 && args[2].equals("--program-fd")) {
            program = (WorkerProgram) codec.decode(mapped(Integer.parseInt(args[3])));
        } else {
            byte[] first = Frames.read(fromParent);
            if (first == null) {
                return;
            }
            program = (WorkerProgram) codec.decode(first);
        }
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Thread worker = Thread.currentThread();
        Thread reader = new Thread(() -> readLoop(fromParent, codec, inbox, worker), "mpire4j-worker-reader");
        reader.setDaemon(true);
        reader.start();
        program.run(workerId, new WorkerEndpoint() {
            @Override
            public Object receive() throws IOException {
                while (true) {
                    try {
                        return inbox.take();
                    } catch (InterruptedException late) {
                        // An interrupt meant for a task that already finished: not a reason to stop.
                    }
                }
            }

            @Override
            public void send(Object message) throws IOException {
                byte[] frame = codec.encode(message);
                synchronized (toParent) {
                    Frames.write(toParent, frame);
                }
            }
        });
        toParent.flush();
        System.exit(0);
    }

    /** The program placed once in shared memory by the parent, read in place. */
    private static InputStream mapped(int fd) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)) {
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return new InputStream() {
                @Override
                public int read() {
                    return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    if (!buffer.hasRemaining()) {
                        return -1;
                    }
                    int n = Math.min(length, buffer.remaining());
                    buffer.get(target, offset, n);
                    return n;
                }
            };
        }
    }

    private static void readLoop(DataInputStream in, Codec codec, LinkedBlockingQueue<Object> inbox, Thread worker) {
        try {
            for (byte[] frame; (frame = Frames.read(in)) != null;) {
                Object message = codec.decode(frame);
                if (message == Control.INTERRUPT) {
                    worker.interrupt();
                } else {
                    inbox.add(message);
                }
            }
        } catch (InterruptedIOException e) {
            // fall through: treat like a closed channel
        } catch (IOException | RuntimeException | LinkageError e) {
            // Most often a class the parent sent that is not on this worker's class path. Whatever it is,
            // this worker can no longer hear its parent: end it, so the parent sees it and never waits.
            System.err.println("mpire4j worker " + worker.getName() + ": cannot read a message from the parent: " + e);
            Runtime.getRuntime().halt(UNREADABLE_MESSAGE);
        } catch (Throwable e) {
            Runtime.getRuntime().halt(UNREADABLE_MESSAGE);
        }
        // The parent closed our stdin or died: nobody will ever read our results.
        Runtime.getRuntime().halt(0);
    }
}
