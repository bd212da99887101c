package org.mpire4j.core.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final int MAX_DEPTH = 64;

    static final byte NULL = 0, TRUE = 1, FALSE = 2, INT = 3, LONG = 4, DOUBLE = 5, FLOAT = 6, SHORT = 7,
            BYTE = 8, CHAR = 9, STRING = 10, INTS = 11, LONGS = 12, DOUBLES = 13, FLOATS = 14, SHORTS = 15, BYTES = 16,
            CHARS = 17, BOOLEANS = 18, STRINGS = 19, OBJECTS = 20, ARRAY_LIST = 21, LIST_OF = 22, HASH_MAP = 23,
            LINKED_HASH_MAP = 24, TREE_MAP = 25, MAP_OF = 26, HASH_SET = 27, LINKED_HASH_SET = 28, TREE_SET = 29,
            SET_OF = 30, RECORD = 31, ENUM = 32;

    // The JDK's immutable collections: a few classes each (which one depends on the size).
    static final Set<Class<?>> LIST_OF_CLASSES = Set.copyOf(List.of(List.of().getClass(),
            List.of(1).getClass(), List.of(1, 2, 3).getClass()));
    static final Set<Class<?>> MAP_OF_CLASSES = Set.copyOf(List.of(Map.of().getClass(),
            Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass()));
    static final Set<Class<?>> SET_OF_CLASSES = Set.copyOf(List.of(Set.of().getClass(),
            Set.of(1).getClass(), Set.of(1, 2, 3).getClass()));

    // Primitive arrays travel as their elements' bytes, little-endian (the order of the machines this runs on, so a
    // plain copy there), whatever the byte order of the JVM that reads them.
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfChar CHAR_LE = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Records whose components can be read and whose canonical constructor can be called, or not (null). */
    private static final Map<Class<?>, RecordAccess> RECORDS = new ConcurrentHashMap<>();

    /** A record class's accessors and canonical constructor; {@code accessors == null} if not usable. */
    record RecordAccess(Method[] accessors, Constructor<?> constructor) {
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
    static final class Unsupported extends RuntimeException {
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
        DataWriter writer = new DataWriter();
        try {
            writer.varint(values.length);
            for (Object value : values) {
                writer.value(value, 0);
            }
            return new Encoded(writer.bytes(), writer.classes());
        } catch (Unsupported e) {
            return null;
        } finally {
            writer.release();
        }
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @param encoded the compact form
     * @return the values
     */
    static Object[] decode(Encoded encoded) {
        return decode(new DataReader(encoded.data(), encoded.classes()));
    }

    /** Decodes what {@link #encode} produced, from where the reader stands. */
    static Object[] decode(DataReader reader) {
        Object[] values = new Object[reader.varint()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.value();
        }
        return values;
    }

    /** How to read a record class's components and call its canonical constructor; nulls when it cannot be. */
    static RecordAccess recordOf(Class<?> type) {
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
}
