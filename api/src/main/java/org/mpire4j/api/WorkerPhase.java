package org.mpire4j.api;

/** The part of a worker's life in which user code ran: used by errors and timeouts. */
public enum WorkerPhase {
    /** The worker-init hook. */
    INIT,
    /** A task. */
    TASK,
    /** The worker-exit hook. */
    EXIT
}
