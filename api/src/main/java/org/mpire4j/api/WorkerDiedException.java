package org.mpire4j.api;

import java.io.Serial;

/**
 * A worker ended while it still had work: its thread died, or its process exited or was killed.
 * {@link #howItEnded()} says how (an exit code, a signal, an uncaught error). With
 * {@link PoolBuilder#retryLostChunks(int)} this is thrown only once the lost work has been re-run
 * as often as allowed; {@link #attempts()} says how many times it ran.
 */
public class WorkerDiedException extends WorkerException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How the worker ended, in words. */
    private final String howItEnded;
    /** How many times the lost work ran; absent (0) in an exception serialized by version 1.0. */
    private final int attempts;

    /**
     * Creates an exception for work that ran once.
     *
     * @param workerId the worker that died
     * @param howItEnded how it ended, in words
     * @param cause the error that ended it, or {@code null}
     */
    public WorkerDiedException(int workerId, String howItEnded, Throwable cause) {
        this(workerId, howItEnded, cause, 1);
    }

    /**
     * Creates an exception for work that was lost with a worker each of the given number of times
     * it ran.
     *
     * @param workerId the worker that died last
     * @param howItEnded how it ended, in words
     * @param cause the error that ended it, or {@code null}
     * @param attempts how many times the lost work ran, at least 1
     * @throws IllegalArgumentException if {@code attempts < 1}
     * @since 1.1
     */
    public WorkerDiedException(int workerId, String howItEnded, Throwable cause, int attempts) {
        super("Worker " + workerId + " died unexpectedly: " + howItEnded + (attempts > 1
                ? " (the work it lost had run " + attempts + " times, each time lost with its worker)" : ""),
                workerId, WorkerPhase.TASK, cause);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        this.howItEnded = howItEnded;
        this.attempts = attempts;
    }

    /**
     * How the worker ended.
     *
     * @return a description such as "exit code 137" or "killed by signal 9"
     */
    public String howItEnded() {
        return howItEnded;
    }

    /**
     * How many times the work this worker lost ran, each time lost with its worker: 1 without
     * {@link PoolBuilder#retryLostChunks(int)}, {@code maxRetries + 1} with it.
     *
     * @return at least 1
     * @since 1.1
     */
    public int attempts() {
        return Math.max(1, attempts); // 0 when deserialized from a 1.0 exception, which had no such field
    }
}
