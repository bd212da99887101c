package org.mpire4j.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One worker JVM running {@link WorkerMain}, and its channel, across the lives it serves one after the
 * other (see {@link WorkerMain}). A writer thread sends queued messages as frames on the child's inbound pipe,
 * so sending never blocks; a reader thread delivers the child's frames from its stdout to the current
 * life. An empty frame from the child ends the current life; the process then goes to the
 * {@link IdleWorkers} cache or is told to exit, and the parent never waits for that exit.
 *
 * <p>Life changes, kills and the choice between the cache and exit happen under this object's lock, so a
 * life that has ended can no longer reach the process, whichever pool has it now.
 */
final class WorkerProcess {

    private static final System.Logger LOG = System.getLogger(WorkerProcess.class.getName());
    private static final Object END_OF_INPUT = new Object();

    private final Process process;
    /** The cache key of interchangeable processes (its command); whether it is reused is up to each life. */
    private final String key;
    private final DataOutputStream toChild;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();

    // Guarded by this.
    private ProcessWorker life;
    private boolean closing;
    private boolean reusable = true;

    private record Outgoing(ProcessWorker life, Codec codec, Object message) {
    }

    /** How long it may wait idle: set by the pool whose life ended last. */
    private volatile Duration idleTimeout = Duration.ZERO;

    private WorkerProcess(Process process, String key) {
        this.process = process;
        this.key = key;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    }

    /**
     * Takes over a started worker process and starts its channel threads.
     *
     * @param process the process, running {@link WorkerMain}
     * @param key its cache key ({@link WorkerCommand#key()})
     * @param first its first life
     * @param name a name for its threads
     * @return the worker process
     */
    static WorkerProcess start(Process process, String key, ProcessWorker first, String name) {
        WorkerProcess worker = new WorkerProcess(process, key);
        worker.life = first;
        Thread.ofPlatform().name(name + "-writer").daemon(true).start(worker::writeLoop);
        Thread.ofPlatform().name(name + "-reader").daemon(true).start(worker::readLoop);
        return worker;
    }

    String key() {
        return key;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Gives an idle process its next life.
     *
     * @param next the life
     * @param nextLife the encoded {@link NextLife} message
     * @return false if the process is closing after all (it died while idle)
     */
    synchronized boolean begin(ProcessWorker next, byte[] nextLife) {
        if (closing || life != null || !process.isAlive()) {
            return false;
        }
        life = next;
        outbox.add(nextLife);
        return true;
    }

    /** Queues a message of a life; dropped if that life is over. */
    synchronized void send(ProcessWorker from, Object message) {
        if (life == from && !closing) {
            outbox.add(new Outgoing(from, from.codec(), message));
        }
    }

    /** Writes a frame for a life ahead of queued messages; false if that life is over or writing failed. */
    boolean writeNow(ProcessWorker from, byte[] frame) {
        synchronized (this) {
            if (life != from || closing) {
                return false;
            }
        }
        try {
            synchronized (toChild) {
                Frames.write(toChild, frame);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process for a life that is still its own. */
    void kill(ProcessWorker from) {
        synchronized (this) {
            if (life != from) {
                return;
            }
            closing = true;
        }
        outbox.add(END_OF_INPUT);
        process.destroyForcibly();
    }

    /** Keeps the process out of the cache once the given (current) life ends. */
    synchronized void doNotReuse(ProcessWorker from) {
        if (life == from) {
            reusable = false;
        }
    }

    /** Tells an idle process to exit: its stdin closes, and it exits when it sees that. */
    void retire() {
        synchronized (this) {
            if (life != null) {
                return; // taken again meanwhile: its new pool ends it
            }
            closing = true;
        }
        outbox.add(END_OF_INPUT);
    }

    private void writeLoop() {
        try {
            while (writeNext()) {
                // each message in a frame of its own, so that a waiting writer holds none of them
            }
            toChild.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The child is gone or its stdin closed; the reader reports how it ended.
            boolean expected;
            synchronized (this) {
                expected = closing;
            }
            if (!expected && process.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "Cannot send to worker process " + pid() + ": " + e);
                process.destroyForcibly();
            }
        }
    }

    /** Writes the next queued message; false at the end of input. */
    private boolean writeNext() throws InterruptedException, IOException {
        Object message = outbox.take();
        if (message == END_OF_INPUT) {
            return false;
        }
        if (!(message instanceof Outgoing out)) {
            synchronized (toChild) {
                Frames.write(toChild, (byte[]) message);
            }
            return true;
        }
        byte[] frame = null;
        JdkSerializationCodec.Buffer encoded = null;
        try {
            if (out.codec() instanceof JdkSerializationCodec jdk) {
                // Sent straight from this thread's buffer: a megabyte chunk is not copied into an array of its own.
                encoded = jdk.encodeInto(out.message(), null);
            } else {
                frame = out.codec().encode(out.message());
            }
        } catch (IOException | RuntimeException unencodable) {
            // Nothing was written: the worker is fine, the message's sender hears why it never went.
            out.life().unsendable(out.message(), unencodable);
            return true;
        }
        try {
            synchronized (toChild) {
                if (encoded != null) {
                    encoded.writeFrame(toChild);
                } else {
                    Frames.write(toChild, frame);
                }
            }
        } finally {
            if (encoded != null) {
                encoded.giveBack();
            }
        }
        return true;
    }

    private void readLoop() {
        Throwable error = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            // Anything the JVM printed to stdout before the worker took its channel over goes to stderr.
            boolean greeted = Frames.awaitGreeting(in, System.err);
            for (byte[] frame; greeted && (frame = Frames.read(in)) != null;) {
                if (frame.length == 0) {
                    lifeEnded();
                    continue;
                }
                ProcessWorker current;
                synchronized (this) {
                    current = life;
                }
                if (current != null) {
                    current.deliver(current.codec().decode(frame));
                    current = null; // an idle process's stack must not keep its last pool reachable
                }
            }
        } catch (IOException | RuntimeException e) {
            // After kill() the JDK closes the child's streams before the child is gone: "Stream closed"
            // then is our own doing, not something the child sent.
            boolean expected;
            synchronized (this) {
                expected = closing;
            }
            if (!expected && process.isAlive()) {
                error = e;
                LOG.log(System.Logger.Level.WARNING, "Worker process " + pid() + " sent something unreadable; killing it",
                        e);
                process.destroyForcibly();
            }
        }
        ProcessWorker last;
        synchronized (this) {
            closing = true;
            last = life;
            life = null;
        }
        outbox.add(END_OF_INPUT);
        IdleWorkers.remove(this);
        int exit = waitForExit();
        if (last != null) {
            last.ended(ProcessWorker.describeExit(exit) + (error == null ? "" : " after an unreadable message: " + error),
                    error);
        }
    }

    /** The child finished a life: report it, then cache the process or let it exit. */
    private void lifeEnded() {
        ProcessWorker ended;
        boolean reuse;
        synchronized (this) {
            ended = life;
            life = null;
            reuse = reusable && !closing && ended != null && ended.idleTimeout().isPositive();
            if (reuse) {
                idleTimeout = ended.idleTimeout();
            }
            if (!reuse) {
                closing = true;
            }
        }
        // Cached before the end is reported: once its pool has seen all its workers end, the next pool finds them.
        if (reuse) {
            IdleWorkers.offer(this);
        } else {
            outbox.add(END_OF_INPUT);
        }
        if (ended != null) {
            ended.ended("returned", null);
        }
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
}
