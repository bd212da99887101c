package org.mpire4j.itests;

import org.mpire4j.api.Task;

/**
 * Tasks for worker processes, declared in a class whose methods mention no OSGi type: a worker
 * deserialising a lambda resolves every method signature of the lambda's declaring class, and the
 * framework's own packages (org.osgi.framework) are not on a worker's class path.
 */
final class WorkerTasks {

    /** The process id of the worker that runs the task. */
    static final Task<Object, Integer, Long> PID = (ctx, x) -> ProcessHandle.current().pid();

    /** The argument, after 200 ms of waiting: a map that lasts long enough to be interrupted. */
    static final Task<Object, Integer, Integer> SLOW = (ctx, x) -> {
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
        }
        return x;
    };

    /** Ten times the argument. */
    static final Task<Object, Integer, Integer> TIMES_TEN = (ctx, x) -> x * 10;

    private WorkerTasks() {
    }

    /** Kills the process it runs in when that is the given one (a cluster member), as an operator's kill -9 would. */
    static Task<Object, Integer, Integer> killMemberWithPid(long pid) {
        return (ctx, x) -> {
            if (ProcessHandle.current().pid() == pid) {
                new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
                new java.util.concurrent.CountDownLatch(1).await();
            }
            return x;
        };
    }

    /** The seed's second example: writes by index into two shared arrays, returns the parity. */
    static int squareAndSum(org.mpire4j.api.WorkerContext<? extends SharedMemoryIT.Results> ctx, Integer x) {
        ctx.shared().squares().set(x, x * x);
        ctx.shared().sums().set(x, x + x);
        return x % 2;
    }
}
