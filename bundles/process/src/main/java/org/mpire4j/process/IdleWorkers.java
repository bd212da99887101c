package org.mpire4j.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's cache of idle worker processes, as Gradle keeps worker daemons: when a pool is done with a
 * process worker (its map ended without keep-alive, or the pool closed), the process waits here, and the
 * next pool that needs a worker of the same command (start method, JVM options, class path and the jars'
 * content) takes it instead of starting a JVM. The new pool's worker gets a fresh life: its own program,
 * shared objects, empty state, init and exit hooks (see {@link WorkerMain}).
 *
 * <p>An idle process exits after its pool's idle timeout (option {@code idleTimeoutSeconds}, default 60 s),
 * when the cache holds more than {@link #maxIdle()} processes (the oldest goes; system property
 * {@value #MAX_PROPERTY}, default twice the processors), when {@link #evict(String)} is called (its start
 * method or a bundle stopped), and with this JVM (its stdin closes). Option {@code reuseWorkers=false}
 * keeps a pool's workers out of the cache.
 */
public final class IdleWorkers {

    /** The system property that caps the number of idle worker processes. */
    public static final String MAX_PROPERTY = "mpire4j.maxIdleWorkers";

    private static final Map<String, Deque<Idle>> IDLE = new HashMap<>();
    private static final ScheduledThreadPoolExecutor EXPIRY = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "mpire4j-idle-workers");
        thread.setDaemon(true);
        return thread;
    });

    static {
        EXPIRY.setRemoveOnCancelPolicy(true);
    }

    private record Idle(WorkerProcess process, long since) {
    }

    private IdleWorkers() {
    }

    /**
     * The most idle worker processes kept.
     *
     * @return the cap
     */
    public static int maxIdle() {
        int fallback = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        try {
            return Math.max(0, Integer.getInteger(MAX_PROPERTY, fallback));
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * The number of idle worker processes now.
     *
     * @return how many wait
     */
    public static synchronized int size() {
        int n = 0;
        for (Deque<Idle> idle : IDLE.values()) {
            n += idle.size();
        }
        return n;
    }

    /** The idle process that waited least for this key, or {@code null}. */
    static synchronized WorkerProcess take(String key) {
        Deque<Idle> idle = IDLE.get(key);
        while (idle != null && !idle.isEmpty()) {
            WorkerProcess process = idle.pollLast().process();
            if (idle.isEmpty()) {
                IDLE.remove(key);
            }
            if (process.isAlive()) {
                return process;
            }
        }
        return null;
    }

    static void offer(WorkerProcess process) {
        watchBundles();
        List<WorkerProcess> retire = new ArrayList<>();
        synchronized (IdleWorkers.class) {
            IDLE.computeIfAbsent(process.key(), k -> new ArrayDeque<>()).addLast(new Idle(process, System.nanoTime()));
            int over = size() - maxIdle();
            while (over-- > 0) {
                retire.add(oldest());
            }
        }
        retire.forEach(WorkerProcess::retire);
        long nanos = process.idleTimeout().toNanos();
        EXPIRY.schedule(() -> expire(process), nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes the process that has been idle longest; the caller retires it. */
    private static WorkerProcess oldest() {
        Deque<Idle> from = null;
        for (Deque<Idle> idle : IDLE.values()) {
            if (from == null || idle.peekFirst().since() < from.peekFirst().since()) {
                from = idle;
            }
        }
        WorkerProcess process = from.pollFirst().process();
        if (from.isEmpty()) {
            IDLE.values().remove(from);
        }
        return process;
    }

    private static void expire(WorkerProcess process) {
        if (remove(process)) {
            process.retire();
        }
    }

    /** Forgets a process (it ended, or expires); true if it was idle here. */
    static synchronized boolean remove(WorkerProcess process) {
        Deque<Idle> idle = IDLE.get(process.key());
        if (idle == null) {
            return false;
        }
        boolean removed = idle.removeIf(i -> i.process() == process);
        if (idle.isEmpty()) {
            IDLE.remove(process.key());
        }
        return removed;
    }

    /** Ends every idle worker process. */
    public static void evictAll() {
        evict("");
    }

    private static void watchBundles() {
        try {
            BundleEvents.listen();
        } catch (NoClassDefFoundError notInOsgi) {
            // outside OSGi no bundle changes under a worker
        }
    }

    /**
     * Ends the idle worker processes of a start method, for example when its bundle stops or a bundle
     * their code came from changes.
     *
     * @param startMethod the start method's name
     */
    public static void evict(String startMethod) {
        List<WorkerProcess> retire = new ArrayList<>();
        synchronized (IdleWorkers.class) {
            for (Iterator<Map.Entry<String, Deque<Idle>>> it = IDLE.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, Deque<Idle>> entry = it.next();
                if (startMethod.isEmpty() || entry.getKey().startsWith(startMethod + "\n")) {
                    entry.getValue().forEach(i -> retire.add(i.process()));
                    it.remove();
                }
            }
        }
        retire.forEach(WorkerProcess::retire);
    }
}
