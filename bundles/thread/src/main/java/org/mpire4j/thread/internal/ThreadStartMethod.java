package org.mpire4j.thread.internal;

import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#THREAD}: each worker is a thread of this JVM, shared objects are
 * the same references for every worker, and messages are passed as they are, never copied.
 *
 * <p>Options: {@code virtualThreads=true} runs workers on virtual threads instead of platform
 * threads (good for tasks that mostly wait; platform threads are the default because CPU-bound
 * tasks are the pool's main use).
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.THREAD)
@ServiceRanking(ThreadStartMethod.RANKING)
public final class ThreadStartMethod implements StartMethod {

    /** The highest ranking of the built-in start methods: threads are the cheapest default. */
    static final int RANKING = 100;

    /** The option selecting virtual threads. */
    public static final String VIRTUAL_THREADS = "virtualThreads";

    private static final Set<String> OPTIONS = Set.of(VIRTUAL_THREADS);

    /** Creates the start method; called by DS or ServiceLoader. */
    public ThreadStartMethod() {
    }

    @Override
    public String name() {
        return THREAD;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        virtualThreads(options);
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) {
        boolean virtual = virtualThreads(launch.options());
        ThreadWorker worker = new ThreadWorker(launch.workerId(), launch.program(), launch.events());
        String name = launch.poolName() + "-worker-" + launch.workerId();
        Thread thread = virtual ? Thread.ofVirtual().name(name).unstarted(worker)
                : Thread.ofPlatform().name(name).daemon(true).unstarted(worker);
        worker.start(thread);
        return worker;
    }

    private static boolean virtualThreads(Map<String, String> options) {
        StartMethod.requireKnownOptions(THREAD, options, OPTIONS);
        String value = options.getOrDefault(VIRTUAL_THREADS, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("Option " + VIRTUAL_THREADS + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
