package org.mpire4j.core.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact binary form for the data of chunks and results in the shapes tasks use most: strings,
 * boxed and primitive values, primitive and string arrays, lists, sets and maps of the JDK's common
 * classes, enums and serializable records, nested in any way. Java serialization writes each object
 * with a handle and each string in modified UTF-8; this form writes a tag and the bytes, so a chunk of
 * documents (arrays of thousands of strings) costs little more than copying its characters.
 *
 * <p>Only exact classes are written this way (a subclass of {@code ArrayList} is not an
 * {@code ArrayList} here); anything else, a container met twice (Java serialization keeps such sharing)
 * or nesting deeper than {@value #MAX_DEPTH} makes {@link #encode} answer {@code null}, and the chunk
 * travels by Java serialization as before. Record and enum classes travel as {@link Class} objects
 * beside the bytes, so the transport's own class resolution (a task bundle's loader, code shipped to
 * a cluster member) finds them.
 */
final class DataCodec {

    private static final int MAX_DEPTH = 64;

    private static final byte NULL = 0, TRUE = 1, FALSE = 2, INT = 3, LONG = 4, DOUBLE = 5, FLOAT = 6, SHORT = 7,
            BYTE = 8, CHAR = 9, STRING = 10, INTS = 11, LONGS = 12, DOUBLES = 13, FLOATS = 14, SHORTS = 15, BYTES = 16,
            CHARS = 17, BOOLEANS = 18, STRINGS = 19, OBJECTS = 20, ARRAY_LIST = 21, LIST_OF = 22, HASH_MAP = 23,
            LINKED_HASH_MAP = 24, TREE_MAP = 25, MAP_OF = 26, HASH_SET = 27, LINKED_HASH_SET = 28, TREE_SET = 29,
            SET_OF = 30, RECORD = 31, ENUM = 32;

    // The JDK's immutable collections: a few classes each (which one depends on the size).
    private static final Set<Class<?>> LIST_OF_CLASSES = Set.copyOf(List.of(List.of().getClass(),
            List.of(1).getClass(), List.of(1, 2, 3).getClass()));
    private static final Set<Class<?>> MAP_OF_CLASSES = Set.copyOf(List.of(Map.of().getClass(),
            Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass()));
    private static final Set<Class<?>> SET_OF_CLASSES = Set.copyOf(List.of(Set.of().getClass(),
            Set.of(1).getClass(), Set.of(1, 2, 3).getClass()));

    // Primitive arrays travel as their elements' bytes, little-endian (the order of the machines this runs on, so a
    // plain copy there), whatever the byte order of the JVM that reads them.
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfChar CHAR_LE = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Records whose components can be read and whose canonical constructor can be called, or not (null). */
    private static final Map<Class<?>, RecordAccess> RECORDS = new ConcurrentHashMap<>();

    /** A record class's accessors and canonical constructor; {@code accessors == null} if not usable. */
    private record RecordAccess(Method[] accessors, Constructor<?> constructor) {
    }

    /**
     * Encoded data: the bytes, and the record and enum classes they refer to by index. A plain class,
     * not a record, like the messages that carry it ({@link Messages}).
     */
    static final class Encoded implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final byte[] data;
        private final Class<?>[] classes;

        Encoded(byte[] data, Class<?>[] classes) {
            this.data = data;
            this.classes = classes;
        }

        byte[] data() {
            return data;
        }

        Class<?>[] classes() {
            return classes;
        }
    }

    /** Thrown inside {@link #encode} when a value has no compact form; never escapes. */
    private static final class Unsupported extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private DataCodec() {
    }

    /**
     * Encodes values, or says they need Java serialization.
     *
     * @param values the values
     * @return their compact form, or {@code null}
     */
    static Encoded encode(Object[] values) {
        Writer writer = new Writer();
        try {
            writer.varint(values.length);
            for (Object value : values) {
                writer.value(value, 0);
            }
        } catch (Unsupported e) {
            return null;
        }
        return new Encoded(writer.bytes(), writer.classes.toArray(new Class<?>[0]));
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @param encoded the compact form
     * @return the values
     */
    static Object[] decode(Encoded encoded) {
        Reader reader = new Reader(encoded.data(), encoded.classes());
        Object[] values = new Object[reader.varint()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.value();
        }
        return values;
    }

    private static RecordAccess recordOf(Class<?> type) {
        return RECORDS.computeIfAbsent(type, t -> {
            try {
                if (!Serializable.class.isAssignableFrom(t) || declares(t, "writeReplace") || declares(t, "readResolve")) {
                    return new RecordAccess(null, null);
                }
                RecordComponent[] components = t.getRecordComponents();
                Method[] accessors = new Method[components.length];
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                    accessors[i].setAccessible(true);
                    types[i] = components[i].getType();
                }
                Constructor<?> constructor = t.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new RecordAccess(accessors, constructor);
            } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                return new RecordAccess(null, null); // a module that does not open it: Java serialization copes
            }
        });
    }

    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Writes values into a growing array. */
    private static final class Writer {
        private byte[] buffer = new byte[256];
        private int size;
        private final List<Class<?>> classes = new ArrayList<>();
        private final Map<Class<?>, Integer> classIndex = new HashMap<>();
        private IdentityHashMap<Object, Boolean> containers;

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
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

    /** Reads values back. */
    private static final class Reader {
        private final byte[] data;
        private final Class<?>[] classes;
        private int position;

        Reader(byte[] data, Class<?>[] classes) {
            this.data = data;
            this.classes = classes;
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
}
