package org.mpire4j.core.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.mpire4j.api.SharedDataset;
import org.mpire4j.api.SharedMemory;
import org.mpire4j.api.WorkerPool;

/**
 * A parent process for {@link ProcessWorkersTest}: starts a pool of process workers sharing a
 * dataset in shared memory, prints their pids, and waits to be killed: with {@code idle}, after closing
 * the pool, so that its workers wait idle for a later pool.
 */
public final class OrphanParent {

    private OrphanParent() {
    }

    public static void main(String[] args) throws Exception {
        // Shared memory too: after the kill nothing of it may remain.
        SharedDataset dataset = SharedMemory.get().dataset(new double[1 << 16]);
        boolean idle = args.length > 1 && args[1].equals("idle");
        WorkerPool<SharedDataset> pool = WorkerPool.builder().startMethod(args[0]).jobs(2).keepAlive(!idle)
                .sharedObjects(dataset).build();
        List<Long> pids = pool.map((ctx, x) -> ctx.shared().byteSize() > 0 ? ProcessHandle.current().pid() : -1,
                List.of(1, 2, 3, 4, 5, 6, 7, 8), pool.options().chunkSize(1));
        if (idle) {
            pool.close(); // its workers now wait, idle, for a later pool of this JVM
        }
        System.out.println("PIDS " + pids.stream().distinct().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse(""));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
