package org.mpire4j.shm.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.mpire4j.api.SharedLock;

/**
 * A reentrant lock in 16 bytes of shared memory: the owner word (pid in the high 32 bits, thread id
 * in the low ones), then the hold count, written only by the owner. Taking it is a compare-and-set
 * on the owner word, which the hardware makes atomic across processes. Waiters spin, then yield,
 * then park briefly; every so often they check whether the owning process still lives, and take
 * the lock over if it died holding it.
 */
final class RegionLock implements SharedLock {

    @Serial
    private static final long serialVersionUID = 1L;

    static final long BYTES = 16;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long PID = Region.pid();

    private final transient Region region;
    private final long offset;

    RegionLock(Region region, long offset) {
        this.region = region;
        this.offset = offset;
    }

    private MemorySegment segment() {
        return region.segment;
    }

    private static long me() {
        return (PID << 32) | (Thread.currentThread().threadId() & 0xffff_ffffL);
    }

    @Override
    public void lock() {
        acquire(Long.MAX_VALUE);
    }

    @Override
    public boolean tryLock(Duration timeout) {
        long nanos = timeout.toNanos();
        return acquire(nanos <= 0 ? 0 : System.nanoTime() + nanos);
    }

    private boolean acquire(long deadline) {
        long me = me();
        MemorySegment segment = segment();
        if ((long) LONG.getVolatile(segment, offset) == me) {
            LONG.setVolatile(segment, offset + 8, (long) LONG.getVolatile(segment, offset + 8) + 1);
            return true;
        }
        for (int spins = 0;; spins++) {
            if (LONG.compareAndSet(segment, offset, 0L, me)) {
                LONG.setVolatile(segment, offset + 8, 1L);
                return true;
            }
            if (spins % 1024 == 1023) {
                long owner = (long) LONG.getVolatile(segment, offset);
                if (owner != 0 && !alive(owner >>> 32) && LONG.compareAndSet(segment, offset, owner, me)) {
                    LONG.setVolatile(segment, offset + 8, 1L); // its owner died holding it
                    return true;
                }
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (spins < 64) {
                Thread.onSpinWait();
            } else if (spins < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    private static boolean alive(long pid) {
        return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void unlock() {
        MemorySegment segment = segment();
        long me = me();
        if ((long) LONG.getVolatile(segment, offset) != me) {
            throw new IllegalMonitorStateException("This thread does not hold the shared lock");
        }
        long holds = (long) LONG.getVolatile(segment, offset + 8) - 1;
        LONG.setVolatile(segment, offset + 8, holds);
        if (holds == 0) {
            LONG.setVolatile(segment, offset, 0L);
        }
    }

    @Serial
    private Object writeReplace() {
        return new Proxy(region.ref, offset);
    }

    /** How a lock of its own region travels; locks of arrays and values travel with them. */
    record Proxy(Region.Ref ref, long offset) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new RegionLock(Region.attach(ref), offset);
        }
    }
}
