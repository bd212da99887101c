package org.mpire4j.core.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.mpire4j.api.MpireException;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.core.internal.Jobs.ApplyWork;
import org.mpire4j.core.internal.Jobs.ChunkWork;
import org.mpire4j.core.internal.Jobs.Setup;
import org.mpire4j.core.internal.Jobs.Work;
import org.mpire4j.core.internal.Messages.RunApply;
import org.mpire4j.core.internal.Messages.RunChunk;
import org.mpire4j.core.internal.Messages.Stop;

/**
 * The pool's workers: its slots, the incarnations still ending, and what a new worker runs. It places work
 * (which worker gets which chunk or apply) and starts, reconfigures, retires and kills incarnations.
 *
 * <p>Separate from the {@link Dispatcher}, which owns the maps and applies and decides what happens to them,
 * because this part only needs to know workers and the work queued on them. It asks its dispatcher back for
 * what it cannot decide alone when it starts a worker: whether the pool is closing, whether a new set of
 * workers begins, and failing the running map when a worker cannot start.
 *
 * <p>Confined to the dispatcher thread.
 */
final class Workers {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final Dispatcher dispatcher;
    private final String poolName;
    private final StartMethod startMethod;
    private final Map<String, String> startMethodOptions;
    private final boolean orderTasks;
    /** The dispatcher's inbox, where each incarnation posts its events. */
    private final Queue<Object> inbox;
    final Slot[] slots;
    /** Incarnations told to stop or killed, until their start method reports their end. */
    final Set<Incarnation> ending = new LinkedHashSet<>();
    private Object shared;
    /** The program every new worker runs: one object per version of the shared objects. */
    private WorkerLoop program;
    /** The functions new workers are configured with. */
    Setup setup;
    private long nextGeneration;
    private int roundRobin;

    Workers(Dispatcher dispatcher, String poolName, int jobs, StartMethod startMethod,
            Map<String, String> startMethodOptions, boolean orderTasks, Object shared, Queue<Object> inbox) {
        this.dispatcher = dispatcher;
        this.poolName = poolName;
        this.startMethod = startMethod;
        this.startMethodOptions = startMethodOptions;
        this.orderTasks = orderTasks;
        this.inbox = inbox;
        this.shared = shared;
        this.program = new WorkerLoop(shared);
        this.slots = new Slot[jobs];
        for (int i = 0; i < jobs; i++) {
            slots[i] = new Slot(i);
        }
    }

    /** Replaces the shared objects that workers started from now on receive. */
    void setShared(Object newShared) {
        WorkerLoop replaced = program;
        shared = newShared;
        program = new WorkerLoop(newShared);
        // The pool stopped its workers before replacing the shared objects: none starts with the old ones again.
        startMethod.release(replaced);
    }

    /** Frees what the start method kept for the program and drops every worker, function and shared object. */
    void forget() {
        try {
            startMethod.release(program);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, poolName + ": start method '" + startMethod.name()
                    + "' failed to release the pool's program", e);
        }
        program = null;
        shared = null;
        setup = null;
        ending.clear();
        for (Slot slot : slots) {
            slot.current = null;
            slot.pending.clear();
        }
    }

    void configure(Setup newSetup) {
        setup = newSetup;
        for (Slot slot : slots) {
            if (slot.current == null) {
                launch(slot);
            } else if (slot.current.setup != newSetup) {
                if (startMethod.needsCodeAtStart() && !slot.current.canRun(codeOf(newSetup))) {
                    // A process worker cannot load code from a class loader it was not started with.
                    retire(slot.current);
                    launch(slot);
                } else {
                    slot.current.setup = newSetup;
                    slot.current.handle.send(newSetup.configure());
                }
            }
        }
    }

    void launch(Slot slot) {
        launch(slot, true);
    }

    /**
     * Starts a worker in an empty slot and hands it the slot's pending work. {@code mayStartBatch}
     * is false for the replacement of a worker that died: it continues the same set of workers, so
     * exit results and insights are not started over even when it is the only one.
     */
    void launch(Slot slot, boolean mayStartBatch) {
        if (dispatcher.isClosing()) {
            return;
        }
        if (mayStartBatch && liveCount() == 0 && ending.isEmpty()) {
            dispatcher.startBatch();
        }
        Incarnation inc = new Incarnation(slot, nextGeneration++, setup, inbox);
        Set<Class<?>> code = code();
        for (Class<?> c : code) {
            inc.loaders.add(c.getClassLoader());
        }
        try {
            inc.handle = startMethod.start(new WorkerLaunch(poolName, slot.id, program,
                    inc, startMethodOptions, code));
        } catch (IOException | RuntimeException e) {
            MpireException error = new MpireException("Could not start worker " + slot.id + " with start method '"
                    + startMethod.name() + "': " + e.getMessage(), e);
            dispatcher.failRunningMap(error);
            failPending(slot, error);
            return;
        }
        slot.current = inc;
        if (setup != null) {
            inc.handle.send(setup.configure());
        }
        while (!slot.pending.isEmpty() && inc.accepting()) {
            send(inc, slot.pending.poll());
        }
    }

    /** The classes whose code a new worker needs: the current functions and the shared objects. */
    private Set<Class<?>> code() {
        Set<Class<?>> code = codeOf(setup);
        if (shared != null) {
            code.add(shared.getClass());
        }
        return code;
    }

    private static Set<Class<?>> codeOf(Setup setup) {
        Set<Class<?>> code = new HashSet<>();
        if (setup != null) {
            for (Object function : new Object[] {setup.configure().task(), setup.configure().init(),
                    setup.configure().exit()}) {
                if (function != null) {
                    code.add(function.getClass());
                }
            }
        }
        return code;
    }

    void place(Work work, Slot fixed) {
        Slot slot = fixed != null ? fixed : leastLoaded();
        if (slot.current != null && slot.current.accepting() && slot.pending.isEmpty()) {
            send(slot.current, work);
        } else {
            slot.pending.add(work);
            if (slot.current == null) {
                launch(slot);
            }
        }
    }

    /** Where a chunk must go: with ordered tasks, chunk {@code i} to worker {@code i mod jobs}; else anywhere. */
    Slot placementOf(ChunkWork chunk) {
        return orderTasks ? slots[(int) (chunk.chunkId() % slots.length)] : null;
    }

    private Slot leastLoaded() {
        Slot best = null;
        long bestLoad = Long.MAX_VALUE;
        int n = slots.length;
        roundRobin = (roundRobin + 1) % n;
        for (int k = 0; k < n; k++) {
            Slot slot = slots[(roundRobin + k) % n];
            long load = slot.load();
            if (load < bestLoad) {
                best = slot;
                bestLoad = load;
            }
        }
        return best;
    }

    private void send(Incarnation inc, Work work) {
        inc.sent.add(work);
        inc.assigned += work.size();
        switch (work) {
            case ChunkWork c -> {
                inc.handle.send(new RunChunk(c.map().id, c.chunkId(), c.args(), c.map().taskTimeout != null,
                        c.map().progress));
                if (c.map().lifespan > 0 && inc.assigned >= c.map().lifespan) {
                    inc.full = true;
                }
            }
            case ApplyWork a -> inc.handle.send(new RunApply(a.apply().id, a.apply().task, a.apply().arg,
                    a.apply().taskTimeout != null));
        }
    }

    /** Tells a worker to stop once its work is done; its slot is free for a successor at once. */
    void retire(Incarnation inc) {
        if (inc.slot.current == inc) {
            inc.slot.current = null;
        }
        ending.add(inc);
        if (!inc.stopSent && !inc.killed) {
            inc.stopSent = true;
            inc.handle.send(new Stop(inc.setup != null && inc.setup.exitTimeout() != null));
        }
    }

    void kill(Incarnation inc) {
        if (inc.slot.current == inc) {
            inc.slot.current = null;
        }
        ending.add(inc);
        inc.killed = true;
        inc.busyDeadline = Long.MAX_VALUE;
        inc.interruptDeadline = Long.MAX_VALUE;
        inc.handle.kill();
    }

    void killAll(RuntimeException reason) {
        for (Incarnation inc : incarnations()) {
            if (!inc.killed && !inc.ended) {
                kill(inc);
            }
            for (Work work : inc.sent) {
                if (work instanceof ApplyWork a) {
                    a.apply().future.completeExceptionally(new MpireException(
                            "The worker running this task was stopped: " + reason.getMessage(), reason));
                }
            }
            inc.sent.clear();
        }
    }

    void failPending(Slot slot, RuntimeException reason) {
        for (Work work : slot.pending) {
            if (work instanceof ApplyWork a) {
                a.apply().future.completeExceptionally(reason);
            }
        }
        slot.pending.clear();
    }

    /** Every incarnation the pool still holds: those ending first, then each slot's live one; a copy to kill from. */
    List<Incarnation> incarnations() {
        List<Incarnation> all = new ArrayList<>(ending);
        for (Slot slot : slots) {
            if (slot.current != null) {
                all.add(slot.current);
            }
        }
        return all;
    }

    int liveCount() {
        int live = 0;
        for (Slot slot : slots) {
            if (slot.current != null) {
                live++;
            }
        }
        return live;
    }
}
