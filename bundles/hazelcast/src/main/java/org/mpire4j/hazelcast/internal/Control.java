package org.mpire4j.hazelcast.internal;

/** Signals the parent puts on a worker's inbound queue, acted on by the member at once. */
enum Control {
    /** Abandon the task running now (a timed-out apply) and go on with the next message. */
    INTERRUPT,
    /** Stop the worker; the member side removes both queues. */
    KILL
}
