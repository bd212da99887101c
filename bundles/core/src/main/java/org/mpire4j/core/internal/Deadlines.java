package org.mpire4j.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.WorkerPhase;
import org.mpire4j.api.WorkerTimeoutException;
import org.mpire4j.core.internal.Jobs.ApplyWork;
import org.mpire4j.core.internal.Jobs.ChunkWork;
import org.mpire4j.core.internal.Jobs.Work;
import org.mpire4j.core.internal.Messages.Busy;

/**
 * The pool's timeouts: task, init and exit timeouts, and the grace an interrupted thread worker gets to give up
 * a timed-out apply. A worker's {@link Busy} message arms its deadline; the dispatcher's loop waits no longer
 * than {@link #next()} and then lets {@link #check()} act on the deadlines that passed.
 *
 * <p>Separate from the {@link Dispatcher} because what a passed deadline means (which phase timed out, whose
 * work fails, when an interrupted worker is abandoned) is a policy of its own. The deadlines themselves live on
 * each {@link Incarnation}; this part acts through its dispatcher (failing maps and a worker's work), through
 * {@link Workers} (killing a worker, placing its work elsewhere) and {@link GracefulStops} (exit errors).
 *
 * <p>Confined to the dispatcher thread.
 */
final class Deadlines {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    /** How long an interrupted thread worker may take to give up a timed-out apply before it is abandoned. */
    private static final long INTERRUPT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Dispatcher dispatcher;
    private final Workers workers;
    private final GracefulStops stops;
    private final String poolName;

    Deadlines(Dispatcher dispatcher, Workers workers, GracefulStops stops, String poolName) {
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.stops = stops;
        this.poolName = poolName;
    }

    /** A worker began a phase (init, a task, exit): its deadline is that phase's limit from now, if it has one. */
    void arm(Incarnation inc, Busy busy) {
        Duration limit = switch (busy.phase()) {
            case INIT -> inc.setup == null ? null : inc.setup.initTimeout();
            case EXIT -> inc.setup == null ? null : inc.setup.exitTimeout();
            case TASK -> switch (inc.sent.peek()) {
                case ChunkWork c -> c.map().taskTimeout;
                case ApplyWork a -> a.apply().taskTimeout;
                case null -> null;
            };
        };
        inc.busyPhase = busy.phase();
        inc.busyIndex = busy.index();
        inc.busyWork = inc.sent.peek();
        inc.busyLimit = limit;
        inc.busyDeadline = limit == null ? Long.MAX_VALUE : saturatedAdd(System.nanoTime(), limit.toNanos());
    }

    /** When the loop must look again: the earliest deadline, or in a second when none is armed. */
    long next() {
        long next = Long.MAX_VALUE;
        for (Slot slot : workers.slots) {
            if (slot.current != null) {
                next = Math.min(next, slot.current.nextDeadline());
            }
        }
        for (Incarnation inc : workers.ending) {
            next = Math.min(next, inc.nextDeadline());
        }
        return next == Long.MAX_VALUE ? System.nanoTime() + TimeUnit.SECONDS.toNanos(1) : next;
    }

    /** Acts on every deadline that has passed. */
    void check() {
        long now = System.nanoTime();
        for (Incarnation inc : workers.incarnations()) {
            if (inc.killed) {
                continue;
            }
            if (inc.busyDeadline - now <= 0 && inc.busyDeadline != Long.MAX_VALUE) {
                onTimeout(inc, now);
            } else if (inc.interruptDeadline - now <= 0 && inc.interruptDeadline != Long.MAX_VALUE) {
                LOG.log(System.Logger.Level.WARNING, poolName + ": worker " + inc.slot.id + " ("
                        + inc.handle.describe() + ") ignored the interrupt after a task timeout; abandoned and replaced");
                abandon(inc);
            }
        }
    }

    private void onTimeout(Incarnation inc, long now) {
        WorkerPhase phase = inc.busyPhase;
        Work work = inc.busyWork;
        Duration limit = inc.busyLimit;
        inc.busyDeadline = Long.MAX_VALUE;
        int id = inc.slot.id;
        switch (phase) {
            case TASK -> {
                switch (work) {
                    case ChunkWork c -> dispatcher.fail(c.map(),
                            new WorkerTimeoutException(id, phase, limit, c.args()[inc.busyIndex]));
                    case ApplyWork a -> {
                        a.apply().future.completeExceptionally(
                                new WorkerTimeoutException(id, phase, limit, a.apply().arg));
                        if (inc.handle.interrupt()) {
                            inc.interruptDeadline = now + INTERRUPT_GRACE_NANOS;
                        } else {
                            abandon(inc);
                        }
                    }
                    case null -> { }
                }
            }
            case INIT -> {
                WorkerTimeoutException error = new WorkerTimeoutException(id, phase, limit, null);
                dispatcher.failWorkOf(inc, error);
                workers.kill(inc);
            }
            case EXIT -> {
                stops.addExitError(new WorkerTimeoutException(id, phase, limit, null));
                workers.kill(inc);
            }
        }
    }

    /** Gives up on a worker stuck in a timed-out apply; what it had queued goes to a successor. */
    private void abandon(Incarnation inc) {
        Slot slot = inc.slot;
        List<Work> queued = new ArrayList<>(inc.sent);
        inc.sent.clear();
        workers.kill(inc);
        for (Work work : queued) {
            if (work instanceof ApplyWork a && !a.apply().future.isDone()) {
                workers.place(work, null);
            } else if (work instanceof ChunkWork c && !c.map().failed) {
                workers.place(work, workers.placementOf(c));
            }
        }
        if (slot.current == null && (dispatcher.hasMap() || !slot.pending.isEmpty())) {
            workers.launch(slot);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE - 1 : sum;
    }
}
