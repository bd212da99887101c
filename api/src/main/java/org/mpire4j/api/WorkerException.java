package org.mpire4j.api;

import java.io.Serial;

/**
 * A failure on a worker: user code threw, ran too long, or the worker ended unexpectedly. The
 * original exception, when there is one, is the {@linkplain #getCause() cause}, with the stack
 * trace it had on the worker.
 */
public class WorkerException extends MpireException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int workerId;
    private final WorkerPhase phase;

    /**
     * Creates an exception.
     *
     * @param message the message
     * @param workerId the id of the worker that failed
     * @param phase what the worker was doing
     * @param cause the original exception, or {@code null}
     */
    public WorkerException(String message, int workerId, WorkerPhase phase, Throwable cause) {
        super(message, cause);
        this.workerId = workerId;
        this.phase = phase;
    }

    /**
     * The id of the worker that failed.
     *
     * @return the worker id
     */
    public int workerId() {
        return workerId;
    }

    /**
     * What the worker was doing when it failed.
     *
     * @return the phase
     */
    public WorkerPhase phase() {
        return phase;
    }
}
