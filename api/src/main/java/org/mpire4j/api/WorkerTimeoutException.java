package org.mpire4j.api;

import java.io.Serial;
import java.time.Duration;

/**
 * A task, worker-init or worker-exit hook ran longer than its limit ({@link MapOptions#taskTimeout},
 * {@link MapOptions#workerInitTimeout}, {@link MapOptions#workerExitTimeout}).
 */
public class WorkerTimeoutException extends WorkerException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates an exception.
     *
     * @param workerId the worker that timed out
     * @param phase what it was running
     * @param timeout the limit it exceeded
     * @param argument the task's argument when the phase is {@link WorkerPhase#TASK}, else ignored
     */
    public WorkerTimeoutException(int workerId, WorkerPhase phase, Duration timeout, Object argument) {
        super("Worker " + workerId + " " + phase.name().toLowerCase(java.util.Locale.ROOT)
                + " timed out (timeout=" + timeout + ")"
                + (phase == WorkerPhase.TASK ? " on argument " + argument : "")
                + "; raise the timeout or make the work interruptible", workerId, phase, null);
        this.timeout = timeout;
    }

    /**
     * The limit that was exceeded.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
