package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Start methods come and go at run time: stopping the spawn bundle withdraws "spawn" from the engine,
 * starting it again makes it selectable again, without restarting anything else.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartMethodLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    private Bundle spawn() {
        return Arrays.stream(context.getBundles()).filter(b -> "org.mpire4j.spawn".equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("the spawn bundle is not installed"));
    }

    /** Whatever a test did, the next one finds spawn running again. */
    @AfterEach
    void restartSpawn() throws Exception {
        if (spawn().getState() != Bundle.ACTIVE) {
            spawn().start();
        }
        assertThat("spawn is back", Conditions.await(context, WAIT,
                () -> factory.startMethods().contains(StartMethod.SPAWN)), is(true));
    }

    @Test
    void stoppingAndStartingTheSpawnBundleWithdrawsAndRestoresTheStartMethod() throws Exception {
        assertThat(factory.startMethods(), hasItem(StartMethod.SPAWN));

        spawn().stop();
        assertThat("spawn withdrawn", Conditions.await(context, WAIT,
                () -> !factory.startMethods().contains(StartMethod.SPAWN)), is(true));
        assertThat(factory.startMethods(), allOf(hasItem(StartMethod.THREAD), not(hasItem(StartMethod.SPAWN))));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> factory.builder().jobs(1).startMethod(StartMethod.SPAWN).build().close());
        assertThat("names the missing one and lists the installed ones", missing.getMessage(),
                allOf(containsString("spawn"), containsString("thread")));

        spawn().start();
        assertThat("spawn selectable again", Conditions.await(context, WAIT,
                () -> factory.startMethods().contains(StartMethod.SPAWN)), is(true));
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.SPAWN).build()) {
            List<Long> pids = pool.map(WorkerTasks.PID, List.of(1, 2));
            assertThat("ran in worker processes", pids, not(hasItem(ProcessHandle.current().pid())));
            assertThat(pool.map(WorkerTasks.TIMES_TEN, List.of(1, 2, 3)), contains(10, 20, 30));
        }
    }

    @Test
    void aKeepAlivePoolWhoseStartMethodGoesAwayFailsCleanly() throws Exception {
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.SPAWN).keepAlive(true).build()) {
            assertThat(pool.map(WorkerTasks.TIMES_TEN, List.of(1, 2, 3)), contains(10, 20, 30));

            spawn().stop();
            assertThat("spawn withdrawn", Conditions.await(context, WAIT,
                    () -> !factory.startMethods().contains(StartMethod.SPAWN)), is(true));
            // Bounded by the class's @Timeout: the map must end with an exception, never hang.
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> pool.map(WorkerTasks.TIMES_TEN, List.of(1, 2, 3)));
            assertThat("the error names the start method: " + failure, String.valueOf(failure.getMessage()),
                    containsString("spawn"));
        }
    }

    @Test
    void stoppingTheStartMethodMidMapFailsTheMapCleanly() throws Exception {
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(StartMethod.SPAWN).build();
                Stream<Integer> results = pool.imap(WorkerTasks.SLOW, IntStream.range(0, 100).boxed().toList(),
                        pool.options().chunkSize(1))) {
            Iterator<Integer> iterator = results.iterator();
            assertThat(iterator.next(), is(0));
            spawn().stop();
            // Bounded by the class's @Timeout: the rest of the map fails, it never hangs.
            RuntimeException failure = assertThrows(RuntimeException.class, () -> iterator.forEachRemaining(x -> { }));
            assertThat("the error names the start method: " + failure, String.valueOf(failure.getMessage()),
                    containsString("spawn"));
        }
    }
}
