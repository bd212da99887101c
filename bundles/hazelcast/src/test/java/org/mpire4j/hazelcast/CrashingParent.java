package org.mpire4j.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CountDownLatch;
import org.mpire4j.api.WorkerPool;

/**
 * A parent process for {@link HazelcastStartMethodTest}: starts {@code jobs} workers on the cluster,
 * each blocked in a task that reports on the member queue {@code signals} when it starts and when it
 * is interrupted, then waits to be killed.
 *
 * <p>Arguments: members, cluster name, number of workers, the signal queue's name.
 */
public final class CrashingParent {

    private CrashingParent() {
    }

    public static void main(String[] args) throws Exception {
        String signals = args[3];
        int jobs = Integer.parseInt(args[2]);
        WorkerPool<Void> pool = WorkerPool.builder().jobs(jobs).startMethod("hazelcast")
                .startMethodOption("members", args[0]).startMethodOption("clusterName", args[1]).build();
        for (int i = 0; i < jobs; i++) {
            pool.applyAsync((ctx, x) -> {
                HazelcastInstance member = Hazelcast.getAllHazelcastInstances().iterator().next();
                member.getQueue(signals).offer("started " + ctx.workerId());
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    member.getQueue(signals).offer("stopped " + ctx.workerId());
                }
                return x;
            }, i);
        }
        new CountDownLatch(1).await();
    }
}
