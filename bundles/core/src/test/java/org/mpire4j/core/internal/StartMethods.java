package org.mpire4j.core.internal;

import java.util.stream.Stream;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.WorkerPool;

/**
 * The start methods the engine's tests run on: every one found on the test class path, so a new
 * backend added as a test dependency is covered by the same specification.
 */
final class StartMethods {

    private StartMethods() {
    }

    static Stream<String> all() {
        return new ServiceLoaderEngine().startMethods().stream();
    }

    /** Start methods whose workers are processes: slower to start, so some tests use smaller inputs. */
    static boolean isProcess(String startMethod) {
        return !startMethod.equals(org.mpire4j.api.StartMethod.THREAD);
    }

    static Stream<String> processes() {
        return all().filter(StartMethods::isProcess);
    }

    static PoolBuilder<Void> pool(String startMethod, int jobs) {
        return WorkerPool.builder().startMethod(startMethod).jobs(jobs);
    }
}
