package org.mpire4j.shm.internal;

import java.io.Serial;

/**
 * What the five shared arrays have in common: their length, the bounds check and the offset of an
 * element after the header. Only the typed element access differs, and stays in the subclasses
 * (as in java.nio's buffers) so no element is ever boxed.
 */
abstract class RegionArray extends RegionObject {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int elementBytes;

    RegionArray(Region region, int length, int elementBytes, boolean withLock) {
        super(region, withLock);
        this.length = length;
        this.elementBytes = elementBytes;
    }

    /**
     * A zeroed region for {@code length} elements of {@code elementBytes} each, after the header.
     *
     * @param kind what it holds, for its name
     * @param length the number of elements, at least 0
     * @param elementBytes the size of one element
     * @return the region
     * @throws IllegalArgumentException if {@code length} is negative
     */
    static Region region(String kind, int length, int elementBytes) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        return Region.create(kind, HEADER + (long) length * elementBytes, false);
    }

    /** @return the number of elements */
    public final int length() {
        return length;
    }

    /** The byte offset of an element, after checking its index. */
    final long offset(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + length);
        }
        return HEADER + (long) index * elementBytes;
    }

    @Override
    final String describe() {
        return "length=" + length;
    }
}
