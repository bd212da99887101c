package org.mpire4j.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerInsights;
import org.mpire4j.core.internal.Messages.InsightsUpdate;

/**
 * The pool's insights, per worker id: the totals of the worker's finished lives, to which a snapshot adds
 * the lives still running or ending. Separate from the {@link Dispatcher} because it is pure bookkeeping:
 * it owns its totals and is only told when a life ends, when a new set of workers starts and when a
 * snapshot is wanted.
 *
 * <p>Confined to the dispatcher thread, like everything the dispatcher owns.
 */
final class Insights {

    private final boolean enabled;
    /** By worker id. */
    private final Totals[] totals;

    Insights(boolean enabled, int jobs) {
        this.enabled = enabled;
        this.totals = new Totals[jobs];
        startOver();
    }

    /** A fresh set of workers: the totals start over, as in MPIRE. */
    void startOver() {
        for (int i = 0; i < totals.length; i++) {
            totals[i] = new Totals();
        }
    }

    /** Counts the figures of a life that ended. */
    void add(Incarnation inc) {
        totals[inc.slot.id].add(inc);
    }

    /** A snapshot: each worker id's finished lives plus its live incarnation and those still ending. */
    PoolInsights collect(Slot[] slots, Collection<Incarnation> ending) {
        if (!enabled) {
            return new PoolInsights(false, List.of());
        }
        List<WorkerInsights> workers = new ArrayList<>();
        for (Slot slot : slots) {
            Totals sum = totals[slot.id].copy();
            if (slot.current != null) {
                sum.add(slot.current);
            }
            for (Incarnation inc : ending) {
                if (inc.slot == slot) {
                    sum.add(inc);
                }
            }
            workers.add(sum.toInsights(slot.id));
        }
        return new PoolInsights(true, workers);
    }

    /** Insights of the finished lives of one worker id, plus those of its live ones when asked. */
    private static final class Totals {
        long startup;
        long init;
        long waiting;
        long working;
        long exit;
        long tasks;
        final List<TaskTime> longest = new ArrayList<>();

        void add(Incarnation inc) {
            startup += inc.startupNanos;
            InsightsUpdate u = inc.insights;
            if (u != null) {
                init += u.initNanos();
                waiting += u.waitingNanos();
                working += u.workingNanos();
                exit += u.exitNanos();
                tasks += u.tasks();
                longest.addAll(u.longest());
                longest.sort(Comparator.comparing(TaskTime::duration).reversed());
                while (longest.size() > 5) {
                    longest.removeLast();
                }
            }
        }

        Totals copy() {
            Totals copy = new Totals();
            copy.startup = startup;
            copy.init = init;
            copy.waiting = waiting;
            copy.working = working;
            copy.exit = exit;
            copy.tasks = tasks;
            copy.longest.addAll(longest);
            return copy;
        }

        WorkerInsights toInsights(int id) {
            return new WorkerInsights(id, Duration.ofNanos(startup), Duration.ofNanos(init), Duration.ofNanos(waiting),
                    Duration.ofNanos(working), Duration.ofNanos(exit), tasks, longest);
        }
    }
}
