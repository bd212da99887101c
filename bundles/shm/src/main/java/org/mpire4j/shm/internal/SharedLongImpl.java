package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.mpire4j.api.SharedLong;

/** {@link SharedLong} over a region: the header holding the lock, then the value. */
final class SharedLongImpl extends RegionObject implements SharedLong {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long VALUE = HEADER;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private SharedLongImpl(Region region, boolean withLock) {
        super(region, withLock);
    }

    static SharedLong create(long initial, boolean withLock) {
        SharedLongImpl value = new SharedLongImpl(Region.create("value", VALUE + 8, false), withLock);
        value.set(initial);
        return value;
    }

    @Override
    public long get() {
        return (long) LONG.getVolatile(region.segment, VALUE);
    }

    @Override
    public void set(long value) {
        LONG.setVolatile(region.segment, VALUE, value);
    }

    @Override
    public long addAndGet(long delta) {
        return (long) LONG.getAndAdd(region.segment, VALUE, delta) + delta;
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
        return LONG.compareAndSet(region.segment, VALUE, expected, value);
    }

    @Override
    String kind() {
        return "SharedLong";
    }

    @Override
    String describe() {
        return Long.toString(get());
    }

    @Override
    Rebuild rebuild() {
        boolean withLock = lock != null;
        return region -> new SharedLongImpl(region, withLock);
    }
}
