package org.mpire4j.hazelcast.internal;

import java.io.Serial;
import java.io.Serializable;

/** What travels on a worker's outbound queue besides the engine's own messages. */
final class Signals {

    private Signals() {
    }

    /** The member-side worker's last message: how its program ended. */
    record Ended(String howItEnded, Throwable error) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
