package org.mpire4j.spawn.internal;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.process.IdleWorkers;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerCommand;
import org.mpire4j.process.WorkerMain;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#SPAWN}: each worker is a fresh JVM running {@link WorkerMain},
 * talking over a pair of pipes. Shared objects travel inside the worker program, the first
 * message, so they are serialized once per worker start, never per task.
 *
 * <p>A worker JVM whose pool is done with it waits a while for the next pool of the same command in
 * {@link org.mpire4j.process.IdleWorkers}, so later pools start without starting JVMs.
 *
 * <p>Options: {@code jvmArgs} (whitespace-separated JVM options for the workers; default
 * {@value WorkerCommand#DEFAULT_JVM_ARGS}), {@code classPath} (default: this JVM's class and module
 * path plus the jars of every class the worker needs; inside OSGi, the bundles involved and their wiring),
 * {@code reuseWorkers} ({@code true} by default; {@code false}: every worker is a new JVM, for tasks that
 * rely on static state starting fresh), {@code idleTimeoutSeconds} (how long a worker of this pool waits
 * for a later pool, default 60) and {@code aotCache} ({@code true} by default: workers start from an AOT
 * cache of their command, made by the first of them).
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.SPAWN)
@ServiceRanking(SpawnStartMethod.RANKING)
public final class SpawnStartMethod implements StartMethod {

    static final int RANKING = 50;

    /** Creates the start method; called by DS or ServiceLoader. */
    public SpawnStartMethod() {
    }

    /** Stopped (its bundle stops): its idle worker processes end with it. */
    @Deactivate
    void deactivate() {
        IdleWorkers.evict(SPAWN);
    }

    @Override
    public String name() {
        return SPAWN;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    @Override
    public void checkOptions(java.util.Map<String, String> options) {
        WorkerCommand.checkOptions(SPAWN, options);
    }

    @Override
    public boolean needsCodeAtStart() {
        return true;
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) throws IOException {
        JdkSerializationCodec codec = new JdkSerializationCodec(launch.program().getClass().getClassLoader());
        // Shared objects are serialized here, once per worker start; every class in them needs its jar.
        Set<Class<?>> code = new HashSet<>(launch.code());
        byte[] program = ProcessWorker.encodeProgram(launch, codec, code::add);
        return ProcessWorker.start(WorkerCommand.of(SPAWN, launch, code), launch, codec, program, null,
                argv -> new ProcessBuilder(WorkerCommand.withChannelOnItsOwnDescriptors(argv))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
}
