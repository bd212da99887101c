package org.mpire4j.api;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A backend that runs workers: threads, spawned JVMs, natively created processes. Each backend
 * bundle registers one as a service with the property {@value #NAME_PROPERTY} set to its
 * {@link #name()} (and a {@code service.ranking}); outside OSGi they are found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>A start method knows nothing of chunks, order or progress: it starts a worker that runs the
 * engine's {@link org.mpire4j.api.spi.WorkerProgram} and carries the engine's messages both ways.
 * Implementations must be thread-safe.
 */
@ConsumerType
public interface StartMethod {

    /** The service property that names a start method. */
    String NAME_PROPERTY = "mpire.start.method";

    /** The framework or system property naming the start method pools use by default. */
    String DEFAULT_PROPERTY = "mpire.default.start.method";

    /** Workers are threads of the caller's JVM. */
    String THREAD = "thread";

    /** Workers are fresh JVM processes. */
    String SPAWN = "spawn";

    /** Workers are natively created processes that inherit shared memory copy-on-write. */
    String FORK = "fork";

    /**
     * The name pools select this start method by.
     *
     * @return the name, such as {@value #THREAD}
     */
    String name();

    /**
     * The precedence of this start method as a default outside OSGi (inside, the service ranking
     * counts); higher wins.
     *
     * @return the ranking
     */
    default int ranking() {
        return 0;
    }

    /**
     * Whether workers can run only the code they were given at start
     * ({@link org.mpire4j.api.spi.WorkerLaunch#code()}), as process workers whose class path is fixed
     * when they start. The engine then restarts kept-alive workers when a map brings code from another
     * class loader (for example a task bundle deployed again).
     *
     * @return {@code true} for process workers; {@code false} (the default) for workers sharing this JVM
     */
    default boolean needsCodeAtStart() {
        return false;
    }

    /**
     * Starts one worker. The worker runs {@code launch.program()}, which reads messages sent with
     * {@link WorkerHandle#send(Object)} and reports through {@code launch.events()}; when the program
     * returns or fails, or the worker ends any other way, the start method calls
     * {@link org.mpire4j.api.spi.WorkerEvents#exited} exactly once.
     *
     * @param launch what to start
     * @return the parent's handle on the worker
     * @throws IOException if the worker could not be started
     * @throws IllegalArgumentException if an option in {@code launch.options()} is unknown or invalid
     */
    WorkerHandle start(WorkerLaunch launch) throws IOException;

    /**
     * Checks a pool's options for this start method. The engine calls it when the pool is built, so a
     * misspelt option or a value the start method cannot use fails {@link PoolBuilder#build()}, at the
     * line that made the pool, rather than its first map. Implementations reject unknown options (with
     * {@link #requireKnownOptions}) and bad values, and still check in {@link #start}, which may be called
     * without this check.
     *
     * <p>The default accepts every option: start methods written before this method check theirs only
     * when the first worker starts.
     *
     * @param options the pool's start-method options
     * @throws IllegalArgumentException naming the bad option or value, and what would be accepted
     * @since 1.2
     */
    default void checkOptions(Map<String, String> options) {
    }

    /**
     * Tells the start method that a pool is done with a worker program: no worker will start with it
     * again (the pool closed or its shared objects were replaced, and its workers have ended). A start
     * method that keeps something for the program, such as a copy of its shared objects in shared memory,
     * frees it now rather than when the program is garbage-collected.
     *
     * <p>The default does nothing.
     *
     * @param program the program, as given in {@link org.mpire4j.api.spi.WorkerLaunch#program()}
     * @since 1.2
     */
    default void release(org.mpire4j.api.spi.WorkerProgram program) {
    }

    /**
     * Checks that every option a pool gave a start method is one it knows: for implementations of
     * {@link #start}, so that all start methods reject a misspelt option the same way.
     *
     * @param startMethod the start method's name, for the message
     * @param options the options given
     * @param known the options the start method accepts
     * @throws IllegalArgumentException naming the first unknown option and the known ones
     * @since 1.1
     */
    static void requireKnownOptions(String startMethod, Map<String, String> options, Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' for start method '" + startMethod
                        + "': known options are " + new TreeSet<>(known));
            }
        }
    }
}
