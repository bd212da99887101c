package org.mpire4j.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.mpire4j.api.Task;
import org.mpire4j.core.internal.Messages.Configure;

/** The units of work the dispatcher tracks, and what it hands back to a map's caller. */
final class Jobs {

    private Jobs() {
    }

    /**
     * The functions and hook limits workers are set up with. {@code configure} goes to the worker;
     * the limits stay with the parent, which enforces them.
     */
    record Setup(Configure configure, Duration initTimeout, Duration exitTimeout) {
    }

    /**
     * One map, shared by the caller (who reads {@link #output}) and the dispatcher (who fills it).
     * {@code failed} is touched by the dispatcher only.
     */
    static final class MapJob {
        final long id;
        final Setup setup;
        final Duration taskTimeout;
        final int lifespan;
        final boolean progress;
        final LinkedBlockingQueue<Object> output = new LinkedBlockingQueue<>();
        boolean failed;

        MapJob(long id, Setup setup, Duration taskTimeout, int lifespan, boolean progress) {
            this.id = id;
            this.setup = setup;
            this.taskTimeout = taskTimeout;
            this.lifespan = lifespan;
            this.progress = progress;
        }
    }

    /** One apply: its future is completed by the dispatcher. */
    static final class ApplyJob {
        final long id;
        final Task<?, ?, ?> task;
        final Object arg;
        final Setup setup;
        final Duration taskTimeout;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        /** Keeps the pool reachable while the apply is pending, so its cleaner cannot stop the workers. */
        final Object pool;

        ApplyJob(long id, Task<?, ?, ?> task, Object arg, Setup setup, Duration taskTimeout, Object pool) {
            this.pool = pool;
            this.id = id;
            this.task = task;
            this.arg = arg;
            this.setup = setup;
            this.taskTimeout = taskTimeout;
        }
    }

    /** What the dispatcher puts in a map's output: one chunk's results. */
    record ChunkResult(long chunkId, Object[] results) {
    }

    /** What the dispatcher puts in a map's output as a chunk progresses: tasks done in it so far. */
    record ChunkProgress(long chunkId, int done) {
    }

    /** What the dispatcher puts in a map's output when the map fails; nothing follows it. */
    record Failure(RuntimeException error) {
    }

    /**
     * Work sent, or waiting to be sent, to one worker. {@code losses} counts the workers it was lost
     * with (they died before answering); a re-run is a copy with one more loss.
     */
    sealed interface Work permits ChunkWork, ApplyWork {
        int size();

        int losses();

        /** Whether anyone still waits for this work: its map is running, its apply not completed. */
        boolean wanted();

        /** This work, to run again after it was lost once more. */
        Work lostOnce();
    }

    /** A chunk of a map. */
    record ChunkWork(MapJob map, long chunkId, Object[] args, int losses) implements Work {
        ChunkWork(MapJob map, long chunkId, Object[] args) {
            this(map, chunkId, args, 0);
        }

        @Override
        public int size() {
            return args.length;
        }

        @Override
        public boolean wanted() {
            return !map.failed;
        }

        @Override
        public ChunkWork lostOnce() {
            return new ChunkWork(map, chunkId, args, losses + 1);
        }
    }

    /** An apply. */
    record ApplyWork(ApplyJob apply, int losses) implements Work {
        ApplyWork(ApplyJob apply) {
            this(apply, 0);
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public boolean wanted() {
            return !apply.future.isDone();
        }

        @Override
        public ApplyWork lostOnce() {
            return new ApplyWork(apply, losses + 1);
        }
    }
}
