package org.mpire4j.process;

/** Messages for the worker process itself rather than its loop. */
public enum Control {
    /** Interrupt the worker's thread: a timed-out task should give up. */
    INTERRUPT
}
