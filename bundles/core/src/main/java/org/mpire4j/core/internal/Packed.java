package org.mpire4j.core.internal;

/**
 * Chunks of boxed ints, longs or doubles (the common case: {@code x -> x * x} over numbers) travel
 * as one primitive array: Java serialization then writes 4 or 8 bytes a value instead of an
 * object each. Other chunks of the common shapes travel in the {@link DataCodec}'s compact form;
 * anything else as it is.
 */
final class Packed {
    private Packed() {
    }

    /**
     * The values as they travel: a primitive array, the data codec's compact form, or (neither applies, or
     * there are none) the values themselves.
     */
    static Object pack(Object[] values) {
        if (values.length == 0) {
            return values;
        }
        Object primitives = primitives(values);
        return primitives != null ? primitives : compact(values);
    }

    /** Boxed ints, longs or doubles of one type as a primitive array; {@code null} for any other values. */
    private static Object primitives(Object[] values) {
        Class<?> type = values[0] == null ? null : values[0].getClass();
        if (type != Integer.class && type != Long.class && type != Double.class) {
            return null;
        }
        for (Object value : values) {
            if (value == null || value.getClass() != type) {
                return null;
            }
        }
        if (type == Integer.class) {
            int[] packed = new int[values.length];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (Integer) values[i];
            }
            return packed;
        }
        if (type == Long.class) {
            long[] packed = new long[values.length];
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (Long) values[i];
            }
            return packed;
        }
        double[] packed = new double[values.length];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (Double) values[i];
        }
        return packed;
    }

    /** Other common shapes (strings, documents, lists, maps, records) in the data codec's form. */
    private static Object compact(Object[] values) {
        DataCodec.Encoded encoded = DataCodec.encode(values);
        return encoded != null ? encoded : values;
    }

    static Object[] unpack(Object packed) {
        // instanceof, not a pattern switch, whose first run would cost a new worker JVM a generated class
        if (packed instanceof DataCodec.Encoded encoded) {
            return DataCodec.decode(encoded);
        }
        if (packed instanceof Object[] values) {
            return values;
        }
        if (packed instanceof int[] ints) {
            Object[] values = new Object[ints.length];
            for (int i = 0; i < ints.length; i++) {
                values[i] = ints[i];
            }
            return values;
        }
        if (packed instanceof long[] longs) {
            Object[] values = new Object[longs.length];
            for (int i = 0; i < longs.length; i++) {
                values[i] = longs[i];
            }
            return values;
        }
        if (packed instanceof double[] doubles) {
            Object[] values = new Object[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                values[i] = doubles[i];
            }
            return values;
        }
        throw new IllegalStateException("Not a packed chunk: " + packed);
    }
}
