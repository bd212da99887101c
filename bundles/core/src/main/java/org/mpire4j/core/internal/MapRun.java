package org.mpire4j.core.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.mpire4j.core.internal.Jobs.ChunkProgress;
import org.mpire4j.core.internal.Jobs.ChunkResult;
import org.mpire4j.core.internal.Jobs.Failure;
import org.mpire4j.core.internal.Jobs.MapJob;

/**
 * The caller's side of one map: reads the input as results are consumed (never more than the cap
 * of tasks taken and not yet handed to the caller), submits chunks, and yields results in input or
 * completion order. Runs entirely on the thread that iterates it.
 */
final class MapRun implements Iterator<Object> {

    /** What the pool does when a map ends, however it ends. */
    interface Ending {
        void ended(MapRun run, boolean normally);

        /** The pool's insights, for observers at the map's end. */
        org.mpire4j.api.PoolInsights insights();
    }

    private final Dispatcher dispatcher;
    private final MapJob job;
    private final Chunker chunker;
    private final int maxTasksActive;
    private final boolean ordered;
    private final Ending ending;
    private final ProgressBar progress;
    private final Observers observers;
    private long done;
    private long total;
    private RuntimeException failure;

    private final Map<Long, Object[]> early = new HashMap<>();
    private final Map<Long, Long> starts = new HashMap<>();
    /** Tasks of unfinished chunks already counted by the progress bar: the most any run of the chunk reported. */
    private final Map<Long, Long> progressOf = new HashMap<>();
    private long outstanding;
    private long submitted;
    private long received;
    private long nextInOrder;
    private boolean inputDone;
    private boolean finished;
    private Object[] current;
    private int position;
    private long currentStart;
    private long takenStart;

    MapRun(Dispatcher dispatcher, MapJob job, Chunker chunker, int maxTasksActive, boolean ordered, Ending ending,
            ProgressBar progress, Observers observers, long total) {
        this.dispatcher = dispatcher;
        this.job = job;
        this.chunker = chunker;
        this.maxTasksActive = maxTasksActive;
        this.ordered = ordered;
        this.ending = ending;
        this.progress = progress;
        this.observers = observers;
        this.total = total;
    }

    /** Counts tasks done, for the progress bar and the observers. */
    private void advance(long n) {
        done += n;
        progress.advance(n);
        observers.progressed(done, total, false);
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (current != null && position < current.length) {
                return true;
            }
            current = null;
            if (finished) {
                return false;
            }
            if (ordered) {
                Object[] next = early.remove(nextInOrder);
                if (next != null) {
                    take(nextInOrder++, next);
                    continue;
                }
            }
            fill();
            if (inputDone && received == submitted) {
                finish(true);
                return false;
            }
            awaitResult();
        }
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The map has no more results");
        }
        return current[position++];
    }

    /**
     * Takes the rest of the current chunk's results at once, for the list-returning maps, which need
     * no per-result iteration. {@link #takenStart()} then gives the input index of its first result.
     *
     * @return the results, or {@code null} when the map has no more
     */
    Object[] takeChunk() {
        if (!hasNext()) {
            return null;
        }
        Object[] results = position == 0 ? current : java.util.Arrays.copyOfRange(current, position, current.length);
        takenStart = currentStart + position;
        position = current.length;
        return results;
    }

    /** The input index of the first result {@link #takeChunk()} returned last. */
    long takenStart() {
        return takenStart;
    }

    /** Submits chunks while fewer than the cap of tasks are taken and not yet handed over. */
    private void fill() {
        while (!inputDone && outstanding < maxTasksActive) {
            long start = chunker.taken();
            Object[] chunk;
            try {
                chunk = chunker.next();
            } catch (RuntimeException e) {
                finish(false);
                throw new IllegalArgumentException("Reading the map's input failed: " + e, e);
            }
            if (chunk == null) {
                inputDone = true;
                total = chunker.taken();
                progress.total(total);
                return;
            }
            starts.put(submitted, start);
            dispatcher.submit(job, submitted++, chunk);
            outstanding += chunk.length;
        }
    }

    private void awaitResult() {
        Object item;
        try {
            if (job.progress) {
                // Wake up ten times a second so the bar's clock and rate move while tasks run.
                item = job.output.poll(100, TimeUnit.MILLISECONDS);
                if (item == null) {
                    progress.redraw();
                    return;
                }
            } else {
                item = job.output.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(false);
            CancellationException cancelled = new CancellationException("Interrupted while waiting for the map's results;"
                    + " the map was cancelled");
            cancelled.initCause(e);
            throw cancelled;
        }
        switch (item) {
            case ChunkProgress step -> {
                // A chunk re-run after its worker died reports from 0 again: count only tasks beyond
                // what was counted, so the bar never goes back and ends at the total.
                long before = progressOf.getOrDefault(step.chunkId(), 0L);
                if (step.done() > before) {
                    progressOf.put(step.chunkId(), (long) step.done());
                    advance(step.done() - before);
                }
            }
            case ChunkResult result -> {
                received++;
                Long reported = progressOf.remove(result.chunkId());
                advance(result.results().length - (reported == null ? 0 : reported));
                if (!ordered) {
                    take(result.chunkId(), result.results());
                } else if (result.chunkId() == nextInOrder) {
                    take(nextInOrder++, result.results());
                } else {
                    early.put(result.chunkId(), result.results());
                }
            }
            case Failure failed -> {
                RuntimeException error = failed.error();
                failure = error;
                progress.failed(error);
                finish(false);
                error.fillInStackTrace(); // show the caller's stack; the worker's is in the cause
                throw error;
            }
            default -> throw new IllegalStateException("Unknown map output " + item);
        }
    }

    private void take(long chunkId, Object[] results) {
        current = results;
        position = 0;
        currentStart = starts.remove(chunkId);
        outstanding -= results.length;
    }

    /** Cancels the rest of the map; results still coming are dropped. Idempotent. */
    void cancel() {
        finish(false);
    }

    private void finish(boolean normally) {
        if (!finished) {
            finished = true;
            if (normally) {
                progress.done();
            } else {
                progress.close();
            }
            dispatcher.endMap(job);
            Throwable error = normally ? null : failure != null ? failure
                    : new java.util.concurrent.CancellationException("The map was cancelled before its end");
            try {
                ending.ended(this, normally);
            } catch (RuntimeException e) {
                error = e;
                throw e;
            } finally {
                observers.progressed(done, total, true);
                observers.finished(error, ending::insights);
            }
        }
    }
}
