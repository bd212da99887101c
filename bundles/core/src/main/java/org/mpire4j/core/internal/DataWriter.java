package org.mpire4j.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.mpire4j.core.internal.DataCodec.*;

/**
 * Writes values in {@link DataCodec}'s compact form into a growing array, and collects the record and enum
 * classes they refer to. One per message; not thread-safe.
 *
 * <p>The array is the thread's own from one message to the next ({@link #release} gives it back): a chunk of
 * documents is a megabyte, and growing a fresh array to that size copies it a dozen times, which measured as
 * much as encoding the strings themselves.
 */
final class DataWriter {
    /** Arrays up to this size are kept for the thread's next message (a parent's writer thread keeps one per worker). */
    private static final int KEPT = 2 << 20;
    private static final ThreadLocal<byte[]> KEPT_BUFFER = new ThreadLocal<>();

    private byte[] buffer;
    private int size;
    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<Class<?>, Integer> classIndex = new HashMap<>();
    private IdentityHashMap<Object, Boolean> containers;

    /** A writer that starts from the calling thread's kept array, if another writer is not using it. */
    DataWriter() {
        byte[] kept = KEPT_BUFFER.get();
        if (kept != null) {
            KEPT_BUFFER.remove(); // a writer started while this one is in use (none today) grows its own
        }
        buffer = kept != null ? kept : new byte[256];
    }

    /** What was written, in an array of its own. */
    byte[] bytes() {
        return Arrays.copyOf(buffer, size);
    }

    /** Gives the array back to the thread for its next message; this writer must not be used afterwards. */
    void release() {
        if (buffer.length <= KEPT) {
            KEPT_BUFFER.set(buffer);
        }
        buffer = null;
    }

    /** Writes what was written to {@code out}, straight from this writer's array. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, size);
    }

    Class<?>[] classes() {
        return classes.toArray(new Class<?>[0]);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw Unsupported.INSTANCE; // Java serialization reports what is too large
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }

    /** Makes room for {@code count} elements of {@code bytes} each and returns where they go. */
    private int reserve(int count, int bytes) {
        long length = (long) count * bytes;
        if (length > Integer.MAX_VALUE - 16) {
            throw Unsupported.INSTANCE; // Java serialization reports what is too large
        }
        ensure((int) length);
        int at = size;
        size += (int) length;
        return at;
    }

    void tag(byte tag) {
        ensure(1);
        buffer[size++] = tag;
    }

    void varint(int value) {
        ensure(5);
        while ((value & ~0x7f) != 0) {
            buffer[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    void int32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    void string(String value) {
        // Most strings are ASCII: copy their characters as bytes, without an intermediate array.
        int length = value.length();
        int start = size;
        varint(length);
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                size = start;
                utf8(value);
                return;
            }
            buffer[size++] = (byte) c;
        }
    }

    private void utf8(String value) {
        // UTF-8 cannot carry a lone surrogate (Java serialization's modified UTF-8 can): leave such strings to it.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Unsupported.INSTANCE;
            }
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, size, utf8.length);
        size += utf8.length;
    }

    void classRef(Class<?> type) {
        Integer index = classIndex.get(type);
        if (index == null) {
            index = classes.size();
            classes.add(type);
            classIndex.put(type, index);
        }
        varint(index);
    }

    /** A mutable container or array may appear once: Java serialization keeps sharing, this form would not. */
    private void once(Object container) {
        if (containers == null) {
            containers = new IdentityHashMap<>();
        }
        if (containers.put(container, Boolean.TRUE) != null) {
            throw Unsupported.INSTANCE;
        }
    }

    void value(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw Unsupported.INSTANCE;
        }
        if (value == null) {
            tag(NULL);
            return;
        }
        Class<?> type = value.getClass();
        // instanceof, not pattern switches, here and in array(): a switch's first run generates a class, which
        // a new worker JVM would pay for before its first result
        if (value instanceof String s) {
            tag(STRING);
            string(s);
        } else if (value instanceof Integer i) {
            tag(INT);
            int32(i);
        } else if (value instanceof Long l) {
            tag(LONG);
            int64(l);
        } else if (value instanceof Double d) {
            tag(DOUBLE);
            int64(Double.doubleToRawLongBits(d));
        } else if (value instanceof Boolean b) {
            tag(b ? TRUE : FALSE);
        } else if (value instanceof Float f) {
            tag(FLOAT);
            int32(Float.floatToRawIntBits(f));
        } else if (value instanceof Short sh) {
            tag(SHORT);
            int32(sh);
        } else if (value instanceof Byte by) {
            tag(BYTE);
            int32(by);
        } else if (value instanceof Character c) {
            tag(CHAR);
            int32(c);
        } else if (value instanceof Enum<?> e) {
            tag(ENUM);
            classRef(e.getDeclaringClass());
            string(e.name());
        } else if (type.isArray()) {
            array(value, depth);
        } else if (type.isRecord()) {
            record(value, type, depth);
        } else {
            collection(value, type, depth);
        }
    }

    private void array(Object value, int depth) {
        once(value);
        if (value instanceof int[] a) {
            tag(INTS);
            varint(a.length);
            int at = reserve(a.length, Integer.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), INT_LE, at, a.length);
        } else if (value instanceof long[] a) {
            tag(LONGS);
            varint(a.length);
            int at = reserve(a.length, Long.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), LONG_LE, at, a.length);
        } else if (value instanceof double[] a) {
            tag(DOUBLES);
            varint(a.length);
            int at = reserve(a.length, Double.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), DOUBLE_LE, at, a.length);
        } else if (value instanceof float[] a) {
            tag(FLOATS);
            varint(a.length);
            int at = reserve(a.length, Float.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), FLOAT_LE, at, a.length);
        } else if (value instanceof short[] a) {
            tag(SHORTS);
            varint(a.length);
            int at = reserve(a.length, Short.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), SHORT_LE, at, a.length);
        } else if (value instanceof byte[] a) {
            tag(BYTES);
            varint(a.length);
            int at = reserve(a.length, Byte.BYTES);
            System.arraycopy(a, 0, buffer, at, a.length);
        } else if (value instanceof char[] a) {
            tag(CHARS);
            varint(a.length);
            int at = reserve(a.length, Character.BYTES);
            MemorySegment.copy(a, 0, MemorySegment.ofArray(buffer), CHAR_LE, at, a.length);
        } else if (value instanceof boolean[] a) {
            tag(BOOLEANS);
            varint(a.length);
            for (boolean v : a) {
                tag(v ? TRUE : FALSE);
            }
        } else if (value instanceof String[] a) {
            tag(STRINGS);
            varint(a.length);
            for (String s : a) {
                if (s == null) {
                    tag(NULL);
                } else {
                    tag(STRING);
                    string(s);
                }
            }
        } else if (value.getClass() == Object[].class) {
            Object[] a = (Object[]) value;
            tag(OBJECTS);
            varint(a.length);
            for (Object v : a) {
                value(v, depth + 1);
            }
        } else {
            throw Unsupported.INSTANCE; // arrays of other component types keep their type in Java serialization
        }
    }

    private void record(Object value, Class<?> type, int depth) {
        RecordAccess record = recordOf(type);
        if (record.accessors() == null) {
            throw Unsupported.INSTANCE;
        }
        tag(RECORD);
        classRef(type);
        for (Method accessor : record.accessors()) {
            try {
                value(accessor.invoke(value), depth + 1);
            } catch (ReflectiveOperationException e) {
                throw Unsupported.INSTANCE;
            }
        }
    }

    private void collection(Object value, Class<?> type, int depth) {
        byte tag;
        if (type == ArrayList.class) {
            tag = ARRAY_LIST;
        } else if (LIST_OF_CLASSES.contains(type)) {
            tag = LIST_OF;
        } else if (type == HashMap.class) {
            tag = HASH_MAP;
        } else if (type == LinkedHashMap.class) {
            tag = LINKED_HASH_MAP;
        } else if (type == TreeMap.class && ((TreeMap<?, ?>) value).comparator() == null) {
            tag = TREE_MAP;
        } else if (MAP_OF_CLASSES.contains(type)) {
            tag = MAP_OF;
        } else if (type == HashSet.class) {
            tag = HASH_SET;
        } else if (type == LinkedHashSet.class) {
            tag = LINKED_HASH_SET;
        } else if (type == TreeSet.class && ((TreeSet<?>) value).comparator() == null) {
            tag = TREE_SET;
        } else if (SET_OF_CLASSES.contains(type)) {
            tag = SET_OF;
        } else {
            throw Unsupported.INSTANCE;
        }
        once(value);
        tag(tag);
        if (value instanceof Map<?, ?> map) {
            varint(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(entry.getKey(), depth + 1);
                value(entry.getValue(), depth + 1);
            }
        } else {
            Collection<?> collection = (Collection<?>) value;
            varint(collection.size());
            for (Object element : collection) {
                if (element == null && tag == LIST_OF) {
                    throw Unsupported.INSTANCE; // Stream.toList() allows nulls, List.of does not
                }
                value(element, depth + 1);
            }
        }
    }
}
