package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpire4j.api.SharedFloatArray;
import org.mpire4j.api.SharedMemory;
import org.mpire4j.api.SharedObjects;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The seed's second example inside the framework, on the fork start method: the shared-memory
 * service comes from the registry, and the worker processes get the shm bundle on their class path
 * because the shared objects hold its classes.
 */
@ExtendWith(ServiceExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryIT {

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @InjectService(timeout = 5000)
    SharedObjects shm;

    /** The seed's two result containers. */
    record Results(SharedFloatArray squares, SharedFloatArray sums) implements Serializable {
    }

    @Test
    void forkIsInstalledAndTheStaticEntryFindsTheService() {
        assertThat(factory.startMethods(), hasItem(StartMethod.FORK));
        assertThat(SharedMemory.get() == shm, is(true));
    }

    @Test
    void theSeedsSecondExampleOnForkWorkers() {
        Results shared = new Results(shm.floats(100, false), shm.floats(100, false));
        try (WorkerPool<Results> pool = factory.builder().jobs(2).startMethod(StartMethod.FORK)
                .sharedObjects(shared).build()) {
            List<Integer> parity = pool.map(WorkerTasks::squareAndSum, IntStream.range(0, 100).boxed().toList());
            assertThat(parity.get(7), is(1));
        }
        for (int x = 0; x < 100; x++) {
            assertThat(shared.squares().get(x), is((float) (x * x)));
            assertThat(shared.sums().get(x), is((float) (x + x)));
        }
    }
}
