package org.mpire4j.thread.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * One worker thread: the parent's handle, the worker's endpoint (an in-memory queue each way; the
 * way back is the engine's own event sink), and the thread's body.
 *
 * <p>A thread cannot be killed. {@link #kill()} interrupts it and abandons it: the engine hears at
 * once that it ended and ignores it from then on; the thread stops at its next message or interrupt
 * check.
 */
final class ThreadWorker implements WorkerHandle, Runnable {

    private final int workerId;
    private final WorkerProgram program;
    private final WorkerEvents events;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean endReported = new AtomicBoolean();
    private volatile boolean killed;
    private volatile Thread thread;

    ThreadWorker(int workerId, WorkerProgram program, WorkerEvents events) {
        this.workerId = workerId;
        this.program = program;
        this.events = events;
    }

    void start(Thread worker) {
        this.thread = worker;
        worker.start();
    }

    @Override
    public void run() {
        try {
            program.run(workerId, new Endpoint());
            reportEnd(killed ? "killed" : "returned", null);
        } catch (Throwable e) {
            reportEnd("failed: " + e, e);
        }
    }

    @Override
    public void send(Object message) {
        if (!killed) {
            inbox.add(message);
        }
    }

    @Override
    public boolean interrupt() {
        thread.interrupt();
        return true;
    }

    @Override
    public void kill() {
        killed = true;
        thread.interrupt();
        reportEnd("killed", null);
    }

    @Override
    public String describe() {
        return "thread " + thread.getName();
    }

    private void reportEnd(String howItEnded, Throwable error) {
        if (endReported.compareAndSet(false, true)) {
            events.exited(howItEnded, error);
        }
    }

    /** The worker's side; used by the worker thread only. */
    private final class Endpoint implements WorkerEndpoint {

        @Override
        public Object receive() throws IOException {
            while (true) {
                if (killed) {
                    throw new InterruptedIOException("worker killed");
                }
                try {
                    return inbox.take();
                } catch (InterruptedException e) {
                    // Either a kill (checked above on the next turn) or a late interrupt meant for a
                    // task that already finished: neither ends a worker that was not killed.
                }
            }
        }

        @Override
        public void send(Object message) throws IOException {
            if (killed) {
                throw new InterruptedIOException("worker killed");
            }
            events.message(message);
        }
    }
}
