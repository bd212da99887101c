package org.mpire4j.core.internal;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.mpire4j.core.internal.DataCodec.*;

/**
 * Reads back what a {@link DataWriter} wrote, resolving record and enum classes by index in the classes
 * that travelled beside the bytes. One per message; not thread-safe.
 */
final class DataReader {
    private final byte[] data;
    private final Class<?>[] classes;
    private int position;

    DataReader(byte[] data, Class<?>[] classes) {
        this(data, 0, classes);
    }

    /** A reader of {@code data} from {@code offset} to its end. */
    DataReader(byte[] data, int offset, Class<?>[] classes) {
        this.data = data;
        this.classes = classes;
        this.position = offset;
    }

    byte tag() {
        return data[position++];
    }

    /** The next tag, left to be read. */
    byte peek() {
        return data[position];
    }

    int varint() {
        int value = 0;
        for (int shift = 0;; shift += 7) {
            byte b = data[position++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /** Skips {@code count} elements of {@code bytes} each and returns where they start. */
    private int advance(int count, int bytes) {
        int at = position;
        position = Math.addExact(position, Math.multiplyExact(count, bytes));
        if (position > data.length) {
            throw new IllegalStateException("Corrupt compact data: an array runs past its end");
        }
        return at;
    }

    int int32() {
        int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return value;
    }

    long int64() {
        return ((long) int32() << 32) | (int32() & 0xffffffffL);
    }

    String string() {
        int length = varint();
        String value = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object value() {
        byte tag = data[position++];
        switch (tag) {
            case NULL: return null;
            case TRUE: return Boolean.TRUE;
            case FALSE: return Boolean.FALSE;
            case INT: return int32();
            case LONG: return int64();
            case DOUBLE: return Double.longBitsToDouble(int64());
            case FLOAT: return Float.intBitsToFloat(int32());
            case SHORT: return (short) int32();
            case BYTE: return (byte) int32();
            case CHAR: return (char) int32();
            case STRING: return string();
            case ENUM: return Enum.valueOf((Class) classes[varint()], string());
            case INTS: {
                int[] a = new int[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), INT_LE, advance(a.length, Integer.BYTES), a, 0, a.length);
                return a;
            }
            case LONGS: {
                long[] a = new long[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), LONG_LE, advance(a.length, Long.BYTES), a, 0, a.length);
                return a;
            }
            case DOUBLES: {
                double[] a = new double[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), DOUBLE_LE, advance(a.length, Double.BYTES), a, 0,
                        a.length);
                return a;
            }
            case FLOATS: {
                float[] a = new float[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), FLOAT_LE, advance(a.length, Float.BYTES), a, 0,
                        a.length);
                return a;
            }
            case SHORTS: {
                short[] a = new short[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), SHORT_LE, advance(a.length, Short.BYTES), a, 0,
                        a.length);
                return a;
            }
            case BYTES: {
                int length = varint();
                int at = advance(length, Byte.BYTES);
                return Arrays.copyOfRange(data, at, at + length);
            }
            case CHARS: {
                char[] a = new char[varint()];
                MemorySegment.copy(MemorySegment.ofArray(data), CHAR_LE, advance(a.length, Character.BYTES), a, 0,
                        a.length);
                return a;
            }
            case BOOLEANS: {
                boolean[] a = new boolean[varint()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = data[position++] == TRUE;
                }
                return a;
            }
            case STRINGS: {
                String[] a = new String[varint()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = data[position++] == NULL ? null : string();
                }
                return a;
            }
            case OBJECTS: {
                Object[] a = new Object[varint()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = value();
                }
                return a;
            }
            case RECORD: return record();
            case ARRAY_LIST: return fill(new ArrayList<>());
            case LIST_OF: return List.of(fill(new ArrayList<>()).toArray());
            case HASH_SET: return fill(new HashSet<>());
            case LINKED_HASH_SET: return fill(new LinkedHashSet<>());
            case TREE_SET: return fill(new TreeSet<>());
            case SET_OF: return Set.of(fill(new ArrayList<>()).toArray());
            case HASH_MAP: return fill(new HashMap<>());
            case LINKED_HASH_MAP: return fill(new LinkedHashMap<>());
            case TREE_MAP: return fill(new TreeMap<>());
            case MAP_OF: {
                Map<Object, Object> entries = fill(new LinkedHashMap<>());
                return Map.copyOf(entries);
            }
            default: throw new IllegalStateException("Corrupt data: unknown tag " + tag + " at " + (position - 1));
        }
    }

    private <C extends Collection<Object>> C fill(C collection) {
        int n = varint();
        for (int i = 0; i < n; i++) {
            collection.add(value());
        }
        return collection;
    }

    private <M extends Map<Object, Object>> M fill(M map) {
        int n = varint();
        for (int i = 0; i < n; i++) {
            Object key = value();
            map.put(key, value());
        }
        return map;
    }

    private Object record() {
        Class<?> type = classes[varint()];
        RecordAccess record = recordOf(type);
        if (record.accessors() == null) {
            throw new IllegalStateException("Record " + type.getName() + " cannot be constructed here");
        }
        Object[] components = new Object[record.accessors().length];
        for (int i = 0; i < components.length; i++) {
            components[i] = value();
        }
        try {
            return record.constructor().newInstance(components);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct record " + type.getName() + ": " + e.getCause(), e);
        }
    }
}
