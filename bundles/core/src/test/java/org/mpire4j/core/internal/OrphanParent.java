package org.mpire4j.core.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.WorkerPool;

/**
 * A parent process for {@link ProcessWorkersTest}: starts a pool of process workers, prints their
 * pids, and waits to be killed.
 */
public final class OrphanParent {

    private OrphanParent() {
    }

    public static void main(String[] args) throws Exception {
        WorkerPool<Void> pool = WorkerPool.builder().startMethod(args[0]).jobs(2).keepAlive(true).build();
        List<Long> pids = pool.map((ctx, x) -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6, 7, 8),
                MapOptions.defaults().chunkSize(1));
        System.out.println("PIDS " + pids.stream().distinct().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse(""));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
