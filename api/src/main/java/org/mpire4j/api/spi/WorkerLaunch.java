package org.mpire4j.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a start method needs to start one worker.
 *
 * @param poolName the pool's name, for thread and process names
 * @param workerId the worker's id, {@code 0..jobs-1}
 * @param program the worker loop to run
 * @param events where to report the worker's messages and its end
 * @param options the pool's start-method options
 * @param code classes whose code the worker must be able to load: the task, hooks and shared objects
 *     it starts for. Process start methods put their jars (inside OSGi: their bundles and what those
 *     are wired to) on the worker's class path; the thread start method ignores them.
 */
public record WorkerLaunch(String poolName, int workerId, WorkerProgram program, WorkerEvents events,
        Map<String, String> options, Set<Class<?>> code) {

    /** Checks and copies. */
    public WorkerLaunch {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(events, "events");
        options = Map.copyOf(options);
        code = Set.copyOf(code);
    }
}
