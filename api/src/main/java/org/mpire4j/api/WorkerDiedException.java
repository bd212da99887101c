package org.mpire4j.api;

import java.io.Serial;

/**
 * A worker ended while it still had work: its thread died, or its process exited or was killed.
 * {@link #howItEnded()} says how (an exit code, a signal, an uncaught error).
 */
public class WorkerDiedException extends WorkerException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String howItEnded;

    /**
     * Creates an exception.
     *
     * @param workerId the worker that died
     * @param howItEnded how it ended, in words
     * @param cause the error that ended it, or {@code null}
     */
    public WorkerDiedException(int workerId, String howItEnded, Throwable cause) {
        super("Worker " + workerId + " died unexpectedly: " + howItEnded, workerId, WorkerPhase.TASK, cause);
        this.howItEnded = howItEnded;
    }

    /**
     * How the worker ended.
     *
     * @return a description such as "exit code 137" or "killed by signal 9"
     */
    public String howItEnded() {
        return howItEnded;
    }
}
