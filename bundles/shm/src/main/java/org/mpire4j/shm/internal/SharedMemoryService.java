package org.mpire4j.shm.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.mpire4j.api.SharedByteArray;
import org.mpire4j.api.SharedDataset;
import org.mpire4j.api.SharedDoubleArray;
import org.mpire4j.api.SharedFloatArray;
import org.mpire4j.api.SharedIntArray;
import org.mpire4j.api.SharedLock;
import org.mpire4j.api.SharedLong;
import org.mpire4j.api.SharedLongArray;
import org.mpire4j.api.SharedObjects;
import org.osgi.service.component.annotations.Component;

/** The {@link SharedObjects} service, on anonymous shared memory; a DS component and a ServiceLoader provider. */
@Component(service = SharedObjects.class)
public final class SharedMemoryService implements SharedObjects {

    /** Creates the service; called by DS or ServiceLoader. */
    public SharedMemoryService() {
    }

    @Override
    public SharedIntArray ints(int length, boolean withLock) {
        return SharedIntArrayImpl.create(length, withLock);
    }

    @Override
    public SharedLongArray longs(int length, boolean withLock) {
        return SharedLongArrayImpl.create(length, withLock);
    }

    @Override
    public SharedFloatArray floats(int length, boolean withLock) {
        return SharedFloatArrayImpl.create(length, withLock);
    }

    @Override
    public SharedDoubleArray doubles(int length, boolean withLock) {
        return SharedDoubleArrayImpl.create(length, withLock);
    }

    @Override
    public SharedByteArray bytes(int length, boolean withLock) {
        return SharedByteArrayImpl.create(length, withLock);
    }

    @Override
    public SharedLong value(long initial, boolean withLock) {
        return SharedLongImpl.create(initial, withLock);
    }

    @Override
    public SharedLock lock() {
        return new RegionLock(Region.create("lock", RegionLock.BYTES, false), 0);
    }

    @Override
    public SharedDataset dataset(double[] data) {
        return dataset((long) data.length * Double.BYTES,
                segment -> MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_DOUBLE, 0, data.length));
    }

    @Override
    public SharedDataset dataset(long[] data) {
        return dataset((long) data.length * Long.BYTES,
                segment -> MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_LONG, 0, data.length));
    }

    @Override
    public SharedDataset dataset(ByteBuffer data) {
        ByteBuffer source = data.duplicate();
        return dataset(source.remaining(), segment -> segment.copyFrom(MemorySegment.ofBuffer(source)));
    }

    @Override
    public SharedDataset dataset(MemorySegment data) {
        return dataset(data.byteSize(), segment -> segment.copyFrom(data));
    }

    @Override
    public SharedDataset dataset(long byteSize, Consumer<MemorySegment> writer) {
        return SharedDatasetImpl.create(byteSize, writer);
    }
}
