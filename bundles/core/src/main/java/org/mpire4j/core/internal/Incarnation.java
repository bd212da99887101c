package org.mpire4j.core.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.function.Predicate;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.core.internal.Jobs.Setup;
import org.mpire4j.core.internal.Jobs.Work;
import org.mpire4j.core.internal.Messages.InsightsUpdate;

/**
 * One start of a worker, from launch to its end. Also its start method's event sink: what the worker says
 * is posted to the dispatcher's inbox as an {@link Inbound}, {@link Ended} or {@link Unsendable}. A type of
 * its own because the {@link Dispatcher} and the parts it owns all read and change its state.
 *
 * <p>Its fields are confined to the dispatcher thread. Only the {@link WorkerEvents} methods run on the start
 * method's threads, and they only post to the inbox.
 */
final class Incarnation implements WorkerEvents {
    final Slot slot;
    final long generation;
    final long launchedAt = System.nanoTime();
    final ArrayDeque<Work> sent = new ArrayDeque<>();
    /** Class loaders of the code this worker was started with. */
    final Set<ClassLoader> loaders = new HashSet<>();
    private final Queue<Object> inbox;
    Setup setup;
    WorkerHandle handle;
    long assigned;
    boolean full;
    boolean stopSent;
    boolean killed;
    boolean initFailed;
    boolean stoppedGracefully;
    boolean ended;
    WorkerPhase busyPhase;
    Work busyWork;
    int busyIndex;
    Duration busyLimit;
    long busyDeadline = Long.MAX_VALUE;
    long interruptDeadline = Long.MAX_VALUE;
    long startupNanos;
    InsightsUpdate insights;
    /** The figures as of its last answer: they count only work whose results arrived. */
    InsightsUpdate insightsAtLastResult;

    /**
     * @param inbox the dispatcher's inbox, where this worker's events go
     */
    Incarnation(Slot slot, long generation, Setup setup, Queue<Object> inbox) {
        this.slot = slot;
        this.generation = generation;
        this.setup = setup;
        this.inbox = inbox;
    }

    boolean accepting() {
        return !full && !stopSent && !killed;
    }

    boolean canRun(Set<Class<?>> code) {
        for (Class<?> c : code) {
            if (!loaders.contains(c.getClassLoader())) {
                return false;
            }
        }
        return true;
    }

    long queuedTasks() {
        long queued = 0;
        for (Work work : sent) {
            queued += work.size();
        }
        return queued;
    }

    long nextDeadline() {
        return killed ? Long.MAX_VALUE : Math.min(busyDeadline, interruptDeadline);
    }

    /** Takes back the first sent work that matches, as if it had never been sent; null if none does. */
    Work removeSent(Predicate<Work> which) {
        for (Iterator<Work> it = sent.iterator(); it.hasNext();) {
            Work work = it.next();
            if (which.test(work)) {
                it.remove();
                assigned -= work.size();
                return work;
            }
        }
        return null;
    }

    @Override
    public void message(Object message) {
        // Decoded here, on the start method's reader thread, not on the dispatcher's, which serves every worker.
        inbox.add(new Inbound(this, message instanceof ByteBuffer bytes ? Wire.read(bytes) : message));
    }

    @Override
    public void exited(String howItEnded, Throwable error) {
        inbox.add(new Ended(this, howItEnded, error));
    }

    @Override
    public void unsendable(Object message, Throwable error) {
        inbox.add(new Unsendable(this, message, error));
    }

    @Override
    public String toString() {
        return "worker " + slot.id + " (generation " + generation + ")";
    }

    /** A message from the worker. */
    record Inbound(Incarnation incarnation, Object message) {
    }

    /** The worker's end, as its start method saw it. */
    record Ended(Incarnation incarnation, String howItEnded, Throwable error) {
    }

    /** A message that could not be sent to the worker. */
    record Unsendable(Incarnation incarnation, Object message, Throwable error) {
    }
}
