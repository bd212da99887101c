package org.mpire4j.hazelcast.internal;

import java.io.Serial;
import java.io.Serializable;

/** What travels on a worker's queues besides the engine's own messages. */
final class Signals {

    private Signals() {
    }

    /** The member-side worker's last message: how its program ended. */
    record Ended(String howItEnded, Throwable error) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Put on the inbound queue by a kill: the member-side worker stops and removes its queues. */
    enum Kill {
        /** The one instance. */
        KILL
    }

    /** Thrown to the worker program when its channel is gone. */
    static final class ChannelGone extends java.io.IOException {
        @Serial
        private static final long serialVersionUID = 1L;

        ChannelGone(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
