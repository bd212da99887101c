package org.mpire4j.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * A member's worker programs by program id, kept in the member's user context: the program (and the
 * shared objects in it) arrives with the first worker a parent places on this member, and later
 * workers of the same program find it here.
 */
final class ProgramCache {

    static final String KEY = "mpire4j.hazelcast.programs";

    private final ConcurrentMap<String, CompletableFuture<WorkerProgram>> programs = new ConcurrentHashMap<>();

    static ProgramCache of(HazelcastInstance member) {
        return (ProgramCache) member.getUserContext().computeIfAbsent(KEY, key -> new ProgramCache());
    }

    WorkerProgram put(String id, WorkerProgram program) {
        programs.computeIfAbsent(id, key -> new CompletableFuture<>()).complete(program);
        return program;
    }

    /** The program, waiting for a worker that carries it when this one overtook it. */
    WorkerProgram await(String id, long timeoutMillis) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return programs.computeIfAbsent(id, key -> new CompletableFuture<>()).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("Worker program " + id + " never reached this member");
        }
    }

    void evict(String id) {
        programs.remove(id);
    }

    int size() {
        return programs.size();
    }
}
