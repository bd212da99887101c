package org.mpire4j.core.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
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

    /** Records whose components can be read and whose canonical constructor can be called, or not (null). */
    private static final Map<Class<?>, RecordAccess> RECORDS = new ConcurrentHashMap<>();

    /** A record class's accessors and canonical constructor; {@code accessors == null} if not usable. */
    private record RecordAccess(Method[] accessors, Constructor<?> constructor) {
    }

    /**
     * Encoded data: the bytes, and the record and enum classes they refer to by index.
     *
     * @param data the bytes
     * @param classes the classes
     */
    record Encoded(byte[] data, Class<?>[] classes) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
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
            switch (value) {
                case String s -> {
                    tag(STRING);
                    string(s);
                }
                case Integer i -> {
                    tag(INT);
                    int32(i);
                }
                case Long l -> {
                    tag(LONG);
                    int64(l);
                }
                case Double d -> {
                    tag(DOUBLE);
                    int64(Double.doubleToRawLongBits(d));
                }
                case Boolean b -> tag(b ? TRUE : FALSE);
                case Float f -> {
                    tag(FLOAT);
                    int32(Float.floatToRawIntBits(f));
                }
                case Short s -> {
                    tag(SHORT);
                    int32(s);
                }
                case Byte b -> {
                    tag(BYTE);
                    int32(b);
                }
                case Character c -> {
                    tag(CHAR);
                    int32(c);
                }
                case Enum<?> e -> {
                    tag(ENUM);
                    classRef(e.getDeclaringClass());
                    string(e.name());
                }
                default -> {
                    if (type.isArray()) {
                        array(value, depth);
                    } else if (type.isRecord()) {
                        record(value, type, depth);
                    } else {
                        collection(value, type, depth);
                    }
                }
            }
        }

        private void array(Object value, int depth) {
            once(value);
            switch (value) {
                case int[] a -> {
                    tag(INTS);
                    varint(a.length);
                    for (int v : a) {
                        int32(v);
                    }
                }
                case long[] a -> {
                    tag(LONGS);
                    varint(a.length);
                    for (long v : a) {
                        int64(v);
                    }
                }
                case double[] a -> {
                    tag(DOUBLES);
                    varint(a.length);
                    for (double v : a) {
                        int64(Double.doubleToRawLongBits(v));
                    }
                }
                case float[] a -> {
                    tag(FLOATS);
                    varint(a.length);
                    for (float v : a) {
                        int32(Float.floatToRawIntBits(v));
                    }
                }
                case short[] a -> {
                    tag(SHORTS);
                    varint(a.length);
                    for (short v : a) {
                        int32(v);
                    }
                }
                case byte[] a -> {
                    tag(BYTES);
                    varint(a.length);
                    ensure(a.length);
                    System.arraycopy(a, 0, buffer, size, a.length);
                    size += a.length;
                }
                case char[] a -> {
                    tag(CHARS);
                    varint(a.length);
                    for (char v : a) {
                        int32(v);
                    }
                }
                case boolean[] a -> {
                    tag(BOOLEANS);
                    varint(a.length);
                    for (boolean v : a) {
                        tag(v ? TRUE : FALSE);
                    }
                }
                case String[] a -> {
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
                }
                default -> {
                    if (value.getClass() != Object[].class) {
                        throw Unsupported.INSTANCE; // arrays of other component types keep their type in Java serialization
                    }
                    Object[] a = (Object[]) value;
                    tag(OBJECTS);
                    varint(a.length);
                    for (Object v : a) {
                        value(v, depth + 1);
                    }
                }
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
                    for (int i = 0; i < a.length; i++) {
                        a[i] = int32();
                    }
                    return a;
                }
                case LONGS: {
                    long[] a = new long[varint()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = int64();
                    }
                    return a;
                }
                case DOUBLES: {
                    double[] a = new double[varint()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Double.longBitsToDouble(int64());
                    }
                    return a;
                }
                case FLOATS: {
                    float[] a = new float[varint()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Float.intBitsToFloat(int32());
                    }
                    return a;
                }
                case SHORTS: {
                    short[] a = new short[varint()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (short) int32();
                    }
                    return a;
                }
                case BYTES: {
                    int length = varint();
                    byte[] a = Arrays.copyOfRange(data, position, position + length);
                    position += length;
                    return a;
                }
                case CHARS: {
                    char[] a = new char[varint()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (char) int32();
                    }
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
