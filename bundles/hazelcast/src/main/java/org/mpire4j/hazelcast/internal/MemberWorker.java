package org.mpire4j.hazelcast.internal;

import com.hazelcast.collection.IQueue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.Codec;

/**
 * The member side of one running worker. A reader thread takes every message off the inbound queue
 * at once, so control signals act while a task runs: {@link Control#INTERRUPT} interrupts the worker's
 * thread (a timed-out apply), {@link Control#KILL} stops the worker. The worker's end goes on the
 * outbound queue as {@link Signals.Ended}; a stopped worker instead removes both queues (nobody reads
 * them any more, and using them would create them again).
 */
final class MemberWorker implements WorkerEndpoint {

    private static final System.Logger LOG = System.getLogger(MemberWorker.class.getName());

    private final IQueue<byte[]> in;
    private final IQueue<byte[]> out;
    private final Codec codec;
    private final String name;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile boolean done;

    /** Stands in the inbox for a message that could not be read: the worker fails with it. */
    private record Unreadable(IOException error) {
    }

    MemberWorker(IQueue<byte[]> in, IQueue<byte[]> out, Codec codec, String name) {
        this.in = in;
        this.out = out;
        this.codec = codec;
        this.name = name;
    }

    /**
     * Runs the program on this thread until it returns, fails or is stopped.
     *
     * @return {@code true} when its end was reported on the outbound queue
     */
    boolean run(WorkerProgram program, int workerId) {
        thread = Thread.currentThread();
        Thread reader = Thread.ofPlatform().name("mpire4j-" + name + "-reader").daemon(true).start(this::readLoop);
        Signals.Ended end;
        try {
            program.run(workerId, this);
            end = new Signals.Ended("returned", null);
        } catch (Throwable e) {
            end = new Signals.Ended("failed: " + e, e);
        } finally {
            done = true;
            reader.interrupt();
        }
        // Clear an interrupt that came too late for its task: the offer below must not fail on it.
        Thread.interrupted();
        if (stopped) {
            destroyQueues();
            return false;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(end);
        } catch (IOException e) {
            try {
                bytes = codec.encode(new Signals.Ended(end.howItEnded(), new RuntimeException(String.valueOf(end.error()))));
            } catch (IOException impossible) {
                return false;
            }
        }
        try {
            return out.offer(bytes);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot report the end of " + name + ": " + e);
            return false;
        }
    }

    /** The parent is gone: stop, and leave nothing behind. */
    void parentGone() {
        stop();
        destroyQueues();
    }

    private void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void destroyQueues() {
        try {
            in.destroy();
            out.destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot remove the queues of " + name + ": " + e);
        }
    }

    private void readLoop() {
        try {
            while (!done && !stopped) {
                byte[] bytes = in.poll(1, TimeUnit.SECONDS);
                if (bytes == null) {
                    continue;
                }
                Object message;
                try {
                    message = codec.decode(bytes);
                } catch (IOException | RuntimeException | LinkageError e) {
                    inbox.add(new Unreadable(new IOException("cannot read a message from the parent: " + e, e)));
                    return;
                }
                if (message == Control.INTERRUPT) {
                    thread.interrupt();
                } else if (message == Control.KILL) {
                    stop();
                    return;
                } else {
                    inbox.add(message);
                }
            }
        } catch (InterruptedException e) {
            // The worker ended.
        } catch (RuntimeException e) {
            if (!done && !stopped) {
                // The queue is gone (the member shuts down, or the parent removed it): nothing more will come.
                inbox.add(new Unreadable(new IOException("the channel from the parent is gone: " + e, e)));
            }
        }
    }

    @Override
    public Object receive() throws IOException {
        while (true) {
            if (stopped) {
                throw new InterruptedIOException("worker stopped");
            }
            try {
                Object message = inbox.take();
                if (message instanceof Unreadable u) {
                    throw u.error();
                }
                return message;
            } catch (InterruptedException late) {
                // A stop, or an interrupt meant for a task that already finished: the loop tells which.
            }
        }
    }

    @Override
    public void send(Object message) throws IOException {
        if (stopped) {
            throw new InterruptedIOException("worker stopped");
        }
        byte[] bytes = codec.encode(message);
        try {
            out.offer(bytes);
        } catch (RuntimeException e) {
            throw new IOException("Cannot send to the parent: " + e, e);
        }
    }
}
