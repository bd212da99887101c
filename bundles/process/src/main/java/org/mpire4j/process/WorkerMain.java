package org.mpire4j.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
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

    private WorkerMain() {
    }

    /**
     * Runs one worker.
     *
     * @param args ignored; the parent names the worker in the command line for {@code ps}
     * @throws Exception if the worker program fails
     */
    public static void main(String[] args) throws Exception {
        DataOutputStream toParent = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream fromParent = new DataInputStream(
                new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        Codec codec = new JdkSerializationCodec(WorkerMain.class.getClassLoader());
        byte[] first = Frames.read(fromParent);
        if (first == null) {
            return;
        }
        WorkerProgram program = (WorkerProgram) codec.decode(first);
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Thread worker = Thread.currentThread();
        Thread reader = new Thread(() -> readLoop(fromParent, codec, inbox, worker), "mpire4j-worker-reader");
        reader.setDaemon(true);
        reader.start();
        program.run(new WorkerEndpoint() {
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
        } catch (IOException e) {
            System.err.println("mpire4j worker: cannot read from the parent: " + e);
        }
        // The parent closed our stdin or died: nobody will ever read our results.
        Runtime.getRuntime().halt(0);
    }
}
