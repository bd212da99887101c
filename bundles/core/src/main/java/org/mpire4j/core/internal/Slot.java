package org.mpire4j.core.internal;

import java.util.ArrayDeque;
import org.mpire4j.core.internal.Jobs.Work;

/**
 * A worker id: at most one accepting incarnation at a time, and the work waiting for it. A type of its own
 * because the {@link Dispatcher} and the parts it owns all hand slots around.
 *
 * <p>Confined to the dispatcher thread.
 */
final class Slot {
    final int id;
    Incarnation current;
    final ArrayDeque<Work> pending = new ArrayDeque<>();

    Slot(int id) {
        this.id = id;
    }

    long load() {
        long queued = current == null ? 0 : current.queuedTasks();
        for (Work work : pending) {
            queued += work.size();
        }
        // A slot whose worker takes no more work is the last choice.
        return (current != null && !current.accepting() ? 1L << 40 : 0) + queued;
    }
}
