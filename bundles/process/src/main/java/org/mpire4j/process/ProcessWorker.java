package org.mpire4j.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;

/**
 * The parent's handle on one worker process that runs {@link WorkerMain}: a writer thread sends
 * queued messages as frames on the child's stdin (so {@link #send} never blocks), a reader thread
 * delivers the child's frames from its stdout, and the child's end is reported with its exit code
 * or signal. The first frame is the worker program itself, encoded before the process starts its
 * loop: that is where the shared objects travel, once per worker start.
 */
public final class ProcessWorker implements WorkerHandle {

    private static final System.Logger LOG = System.getLogger(ProcessWorker.class.getName());
    private static final Object END_OF_INPUT = new Object();

    private final Process process;
    private final Codec codec;
    private final WorkerEvents events;
    private final DataOutputStream toChild;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean endReported = new AtomicBoolean();
    private volatile boolean ending;

    private ProcessWorker(Process process, Codec codec, WorkerEvents events) {
        this.process = process;
        this.codec = codec;
        this.events = events;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    }

    /**
     * Encodes a worker program, reporting the classes it holds.
     *
     * @param launch the launch whose program to encode
     * @param codec the codec
     * @param classes receives every class of the program's object graph
     * @return the encoded program
     * @throws IOException if the program cannot be encoded (its shared objects are not serializable)
     */
    public static byte[] encodeProgram(WorkerLaunch launch, JdkSerializationCodec codec,
            java.util.function.Consumer<Class<?>> classes) throws IOException {
        try {
            return codec.encode(launch.program(), classes);
        } catch (IOException e) {
            throw new IOException("The shared objects cannot be sent to a worker process: " + e
                    + ". Shared objects, tasks and hooks must be serializable for process start methods", e);
        }
    }

    /**
     * Starts a worker process and sends it the worker program as its first frame.
     *
     * @param command the command line that runs {@link WorkerMain} with the right class path
     * @param launch what to run, and where to report
     * @param codec the codec for both directions
     * @param program the encoded program, or {@code null} when the child gets it another way
     * @return the handle
     * @throws IOException if the process cannot be started
     */
    public static ProcessWorker start(ProcessBuilder command, WorkerLaunch launch, Codec codec, byte[] program)
            throws IOException {
        Objects.requireNonNull(launch, "launch");
        command.redirectError(ProcessBuilder.Redirect.INHERIT);
        return start(command.start(), launch, codec, program);
    }

    /**
     * Takes over a worker process started some other way (natively, by the fork start method).
     *
     * @param process the process, running {@link WorkerMain}
     * @param launch what it runs, and where to report
     * @param codec the codec for both directions
     * @param program the encoded program to send as the first frame, or {@code null}
     * @return the handle
     */
    public static ProcessWorker start(Process process, WorkerLaunch launch, Codec codec, byte[] program) {
        ProcessWorker worker = new ProcessWorker(process, codec, launch.events());
        String name = launch.poolName() + "-worker-" + launch.workerId() + "-pid-" + process.pid();
        if (program != null) {
            worker.outbox.add(program);
        }
        Thread.ofPlatform().name(name + "-writer").daemon(true).start(worker::writeLoop);
        Thread.ofPlatform().name(name + "-reader").daemon(true).start(worker::readLoop);
        return worker;
    }

    @Override
    public void send(Object message) {
        if (!ending) {
            outbox.add(message);
        }
    }

    @Override
    public boolean interrupt() {
        // Ahead of queued messages: the child's reader thread interrupts the task at once.
        try {
            byte[] frame = codec.encode(Control.INTERRUPT);
            synchronized (toChild) {
                Frames.write(toChild, frame);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void kill() {
        ending = true;
        outbox.add(END_OF_INPUT);
        process.destroyForcibly();
    }

    @Override
    public String describe() {
        return "process " + process.pid();
    }

    private void writeLoop() {
        try {
            while (true) {
                Object message = outbox.take();
                if (message == END_OF_INPUT) {
                    return;
                }
                byte[] frame = message instanceof byte[] encoded ? encoded : codec.encode(message);
                synchronized (toChild) {
                    Frames.write(toChild, frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The child is gone or its stdin closed; the reader reports how it ended.
            if (!ending && process.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "Cannot send to worker " + describe() + ": " + e);
                process.destroyForcibly();
            }
        }
    }

    private void readLoop() {
        Throwable error = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            for (byte[] frame; (frame = Frames.read(in)) != null;) {
                events.message(codec.decode(frame));
            }
        } catch (IOException e) {
            // After kill() the JDK closes the child's streams before the child is gone: "Stream closed"
            // then is our own doing, not something the child sent.
            if (!ending && process.isAlive()) {
                error = e;
                LOG.log(System.Logger.Level.WARNING, "Worker " + describe() + " sent something unreadable; killing it", e);
                process.destroyForcibly();
            }
        }
        ending = true;
        outbox.add(END_OF_INPUT);
        int exit = waitForExit();
        reportEnd(describeExit(exit) + (error == null ? "" : " after an unreadable message: " + error), error);
    }

    private int waitForExit() {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // Reader threads are never interrupted by us; keep waiting for the exit status.
            }
        }
    }

    private void reportEnd(String howItEnded, Throwable error) {
        if (endReported.compareAndSet(false, true)) {
            events.exited(howItEnded, error);
        }
    }

    /**
     * An exit status in words: exit codes above 128 are signals on Linux.
     *
     * @param exit the exit status
     * @return for example "exit code 1" or "killed by signal 9 (SIGKILL)"
     */
    public static String describeExit(int exit) {
        if (exit > 128 && exit < 160) {
            int signal = exit - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                default -> "";
            };
            return "killed by signal " + signal + name;
        }
        if (exit == WorkerMain.UNREADABLE_MESSAGE) {
            return "exit code " + exit + " (it could not decode a message from the parent: a class missing from its"
                    + " class path? see its message on standard error)";
        }
        return "exit code " + exit;
    }
}
