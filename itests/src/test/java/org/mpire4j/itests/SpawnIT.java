package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.mpire4j.examples.PrefixCount;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Process workers started from inside the framework run code from bundles: the worker's class
 * path is built from the task's bundle and everything it is wired to.
 */
@ExtendWith(ServiceExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpawnIT {

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @SuppressWarnings("rawtypes")
    @InjectService(filter = "(" + Task.NAME_PROPERTY + "=prefix-count)", timeout = 5000)
    Task prefixCountService;

    @Test
    void spawnIsInstalledBesideThread() {
        assertThat(factory.startMethods(), hasItem(StartMethod.SPAWN));
        assertThat(factory.startMethods().getFirst(), is(StartMethod.THREAD));
    }

    @Test
    void aLambdaOfThisTestBundleRunsInWorkerProcesses() {
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.SPAWN).build()) {
            List<Long> pids = pool.map((ctx, x) -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4),
                    MapOptions.defaults().chunkSize(1));
            assertThat(pids, not(hasItem(ProcessHandle.current().pid())));
            List<Integer> squares = pool.map((ctx, x) -> x * x, List.of(1, 2, 3, 4));
            assertThat(squares, contains(1, 4, 9, 16));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskServiceOfTheExamplesBundleRunsInWorkerProcesses() {
        List<String[]> corpus = PrefixCount.corpus(12, 300, 20, 3);
        PrefixCount.Result serial = PrefixCount.runSerially(corpus);
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.SPAWN).build()) {
            assertThat(PrefixCount.run(pool, corpus), equalTo(serial));
            List<Integer> words = pool.map((Task<Object, String[], Integer>) prefixCountService, corpus,
                    MapOptions.defaults().workerInit(PrefixCount.INIT));
            assertThat(words.stream().mapToLong(Integer::longValue).sum(), is(serial.words()));
        }
    }
}
