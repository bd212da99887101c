package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.mpire4j.api.WorkerException;

/**
 * Callers waiting for workers to stop gracefully, and the exit errors (a worker-exit hook that failed or timed
 * out) collected meanwhile: a caller's future completes with them once every worker it waits for has ended.
 * Separate from the {@link Dispatcher} because it owns its own state and only needs to hear when a stop is
 * asked for, when an exit error happens and when a worker ends.
 *
 * <p>Confined to the dispatcher thread.
 */
final class GracefulStops {

    private final List<StopRequest> requests = new ArrayList<>();
    private final List<WorkerException> exitErrors = new ArrayList<>();

    /** A caller waits for these incarnations to end; {@link #completeEnded()} completes it. */
    void await(Collection<Incarnation> waitingFor, CompletableFuture<List<WorkerException>> done) {
        requests.add(new StopRequest(new HashSet<>(waitingFor), done));
    }

    void addExitError(WorkerException error) {
        exitErrors.add(error);
    }

    /** Completes every request whose workers have all ended; the first one takes the exit errors so far. */
    void completeEnded() {
        for (Iterator<StopRequest> it = requests.iterator(); it.hasNext();) {
            StopRequest request = it.next();
            request.waitingFor.removeIf(inc -> inc.ended);
            if (request.waitingFor.isEmpty()) {
                it.remove();
                List<WorkerException> errors = List.copyOf(exitErrors);
                exitErrors.clear();
                request.done.complete(errors);
            }
        }
    }

    private record StopRequest(Set<Incarnation> waitingFor, CompletableFuture<List<WorkerException>> done) {
    }
}
