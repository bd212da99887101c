package org.mpire4j.shm.internal;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.mpire4j.api.SharedDataset;

/**
 * {@link SharedDataset} over a copy-on-write region: the creator maps it shared, every other process
 * maps it privately, so a worker's writes copy only the pages it touches.
 */
final class SharedDatasetImpl extends RegionObject implements SharedDataset {

    @Serial
    private static final long serialVersionUID = 1L;

    private SharedDatasetImpl(Region region) {
        super(region, false);
    }

    static SharedDataset create(long byteSize, java.util.function.Consumer<MemorySegment> writer) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize must be >= 0, was " + byteSize);
        }
        Region region = Region.create("dataset", byteSize, true);
        writer.accept(region.segment.asSlice(0, byteSize));
        return new SharedDatasetImpl(region);
    }

    @Override
    public long byteSize() {
        return region.ref.byteSize();
    }

    @Override
    public MemorySegment segment() {
        return region.segment.asSlice(0, byteSize());
    }

    @Override
    public double getDouble(long index) {
        return region.segment.getAtIndex(ValueLayout.JAVA_DOUBLE, index);
    }

    @Override
    public void setDouble(long index, double value) {
        region.segment.setAtIndex(ValueLayout.JAVA_DOUBLE, index, value);
    }

    @Override
    public long getLong(long index) {
        return region.segment.getAtIndex(ValueLayout.JAVA_LONG, index);
    }

    @Override
    public void setLong(long index, long value) {
        region.segment.setAtIndex(ValueLayout.JAVA_LONG, index, value);
    }

    @Override
    String kind() {
        return "SharedDataset";
    }

    @Override
    String describe() {
        return byteSize() + " bytes";
    }

    @Override
    Rebuild rebuild() {
        return SharedDatasetImpl::new;
    }
}
