package org.mpire4j.api.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a start method needs to start one worker.
 *
 * @param poolName the pool's name, for thread and process names
 * @param workerId the worker's id, {@code 0..jobs-1}
 * @param program the worker loop to run
 * @param events where to report the worker's messages and its end
 * @param options the pool's start-method options
 */
public record WorkerLaunch(String poolName, int workerId, WorkerProgram program, WorkerEvents events,
        Map<String, String> options) {

    /** Checks and copies. */
    public WorkerLaunch {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(events, "events");
        options = Map.copyOf(options);
    }
}
