package org.mpire4j.bench;

import org.mpire4j.process.JdkSerializationCodec;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import com.esotericsoftware.minlog.Log;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LoggerFactory;
import org.mpire4j.api.Task;
import org.objenesis.strategy.StdInstantiatorStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a process worker pays per message for each candidate codec: one operation encodes a message
 * to a {@code byte[]} and decodes it again, exactly what the parent and a {@code spawn} worker do
 * between them for every chunk, result, task and failure. The issue asks for the process codec's
 * default to be chosen by measurement: JDK serialization (the current default) against Kryo and
 * Fory.
 *
 * <p>The messages ({@link #message}) are look-alikes of the engine's protocol records (the real
 * ones are package-private in {@code org.mpire4j.core.internal.Messages}), filled the way a map
 * fills them: chunks of boxed {@code Integer}s and short {@code String}s, a small result, the
 * {@code Configure} message that carries a serializable lambda, and a {@code TaskFailed} carrying
 * an exception with a cause and real stack traces. The codecs ({@link #codec}) implement the same
 * two-method shape as {@code org.mpire4j.process.Codec}; the JDK one is a copy of
 * {@code JdkSerializationCodec}, so that this module does not depend on the process bundle's
 * implementation classes.
 *
 * <p>Each trial first round-trips its message once and compares the copy with the original (record
 * components, arrays element by element, exceptions by class, message, stack trace and cause, and
 * the lambda by calling it). A codec that cannot carry a message, or carries it wrongly, fails that
 * trial with the reason instead of reporting a time for something it did not do; JMH goes on with
 * the other trials. The set-up prints the encoded size ({@code CODEC_BYTES}), and {@code bench/run}
 * prints it again beside the times, with each codec's ratio to JDK serialization.
 *
 * <p>Run it with {@code bench/run CodecBenchmark} (18 trials, about 3.5 minutes with the defaults),
 * or a subset, for example {@code bench/run CodecBenchmark -p codec=jdk,kryo -p message=chunk64}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A fixed heap keeps heap sizing out of the comparison; the largest message is ~100 KB, so 1 GB is
// plenty. Fory reaches sun.misc.Unsafe, which JDK 25 warns about unless allowed; the warning is
// harmless but would be printed in the middle of JMH's output.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
// Two-second warm-ups: with 1 s ones on a busy 2-core machine JDK serialization was still being
// compiled in the measurement (chunk64 iterations of 94, 71 and 17 µs, measured); 3 x 2 s settles it.
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class CodecBenchmark {

    /** The messages measured; see {@link #message(String)}. */
    static final String[] MESSAGES = {"chunk64", "chunk8192", "strings256", "result", "lambda", "exception"};

    /** The codecs measured; see {@link #codec(String)}. */
    static final String[] CODECS = {"jdk", "kryo", "fory"};

    /** The message sent in each operation. */
    @Param({"chunk64", "chunk8192", "strings256", "result", "lambda", "exception"})
    public String message;

    /**
     * The codec that encodes and decodes it. One more is available on the command line,
     * {@code -p codec=kryoNoFallback}: Kryo without the Java-serialization fallback for exceptions,
     * which shows why that fallback is needed (see {@link KryoCodec}).
     */
    @Param({"jdk", "kryo", "fory"})
    public String codec;

    private MessageCodec impl;
    private Object value;

    // ---- look-alikes of the engine's messages (org.mpire4j.core.internal.Messages) ----

    /** A chunk of arguments sent to a worker. */
    record RunChunk(long jobId, long chunkId, Object[] args, boolean timed) implements Serializable {
    }

    /** A chunk's results sent back to the parent. */
    record ChunkDone(long jobId, long chunkId, Object[] results) implements Serializable {
    }

    /**
     * The functions of the maps that follow; the real record types {@code init} and {@code exit} as
     * {@code WorkerInit} and {@code WorkerExit}, which are {@code null} unless the caller sets them.
     */
    record Configure(Task<?, ?, ?> task, Serializable init, Serializable exit, boolean timedInit,
            boolean insights) implements Serializable {
    }

    /** A task threw. */
    record TaskFailed(long jobId, int index, Throwable error) implements Serializable {
    }

    /**
     * Builds one codec, then round-trips the message once and checks the copy, so that a codec that
     * cannot carry the message fails here with the reason rather than being timed.
     *
     * @throws Exception if the codec cannot carry the message, or the copy differs
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        impl = codec(codec);
        value = message(message);
        byte[] bytes = roundTripChecked(impl, value);
        // Printed in the forked JVM's output; BenchMain computes the same figure for its table.
        System.out.printf(Locale.ROOT, "%nCODEC_BYTES codec=%s message=%s bytes=%d%n", codec, message, bytes.length);
    }

    /**
     * One message out and back: encode to bytes, decode a copy. The copy is returned so that JMH
     * consumes it and the JIT cannot drop the decoding.
     *
     * @return the decoded copy
     * @throws IOException never once the set-up passed
     */
    @Benchmark
    public Object roundTrip() throws IOException {
        return impl.decode(impl.encode(value));
    }

    // ---- messages ----

    /**
     * The message named {@code name}, built the same way in every JVM (so that its encoded size is
     * the same in the forked benchmark JVM and in {@code BenchMain}).
     *
     * @param name one of {@link #MESSAGES}
     * @return the message
     */
    static Object message(String name) {
        return switch (name) {
            // A map's chunk on a small pool: 64 boxed ints, most outside the Integer cache.
            case "chunk64" -> new RunChunk(1, 7, ints(64), false);
            // A large chunk: 1,000,000 tasks on 2 jobs with the automatic chunk size give ~7,800.
            case "chunk8192" -> new RunChunk(1, 7, ints(8192), false);
            // Short text arguments: 256 distinct 20-character Strings.
            case "strings256" -> new RunChunk(1, 7, strings(256, 20), false);
            // A small result message: 8 boxed results.
            case "result" -> new ChunkDone(1, 7, ints(8));
            // The task as a capturing serializable lambda, as pool.map(task, ...) sends it first.
            case "lambda" -> new Configure(scaled(3), null, null, false, false);
            // A task's failure: an exception with a cause, both with real stack traces.
            case "exception" -> new TaskFailed(1, 5, failure());
            default -> throw new IllegalArgumentException("unknown message " + name);
        };
    }

    private static Object[] ints(int n) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1000 + i * 37; // boxed at build time, outside the Integer cache
        }
        return values;
    }

    private static Object[] strings(int n, int length) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            String s = "arg-" + i + "-abcdefghijklmnopqrstuvwxyz";
            values[i] = s.substring(0, length);
        }
        return values;
    }

    /**
     * A capturing lambda: the worker must rebuild both the function and the captured value.
     *
     * @param factor the captured value
     * @return {@code x -> x * factor + 1}
     */
    static Task<Object, Integer, Integer> scaled(int factor) {
        return (context, x) -> x * factor + 1;
    }

    /**
     * An exception thrown twelve calls deep on a thread of its own, with a cause thrown below it:
     * the stack traces are real but do not depend on who asks, so the size is the same everywhere.
     */
    static Throwable failure() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                deep(12);
            } catch (IllegalStateException e) {
                caught.set(e);
            }
        }, "failure");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Objects.requireNonNull(caught.get(), "no failure caught");
    }

    private static void deep(int depth) {
        if (depth > 0) {
            deep(depth - 1);
            return;
        }
        try {
            throw new IOException("disk full while writing /tmp/part-0042");
        } catch (IOException e) {
            throw new IllegalStateException("task failed on argument 42", e);
        }
    }

    // ---- codecs ----

    /** The shape of {@code org.mpire4j.process.Codec}: thread-safe, a message to bytes and back. */
    interface MessageCodec {

        /**
         * Encodes one message.
         *
         * @param message the message
         * @return its bytes
         * @throws IOException if it cannot be encoded
         */
        byte[] encode(Object message) throws IOException;

        /**
         * Decodes one message.
         *
         * @param bytes what {@link #encode(Object)} produced
         * @return the message
         * @throws IOException if it cannot be decoded
         */
        Object decode(byte[] bytes) throws IOException;
    }

    /**
     * A new codec named {@code name}, resolving classes through this class's loader (inside OSGi a
     * process codec would be given the task bundle's loader instead).
     *
     * @param name one of {@link #CODECS}
     * @return the codec
     */
    static MessageCodec codec(String name) {
        ClassLoader loader = CodecBenchmark.class.getClassLoader();
        return switch (name) {
            case "jdk" -> new JdkCodec(loader);
            case "kryo" -> new KryoCodec(loader, true);
            case "kryoNoFallback" -> new KryoCodec(loader, false);
            case "fory" -> new ForyCodec(loader);
            default -> throw new IllegalArgumentException("unknown codec " + name);
        };
    }

    /** The default codec of process workers itself, {@link JdkSerializationCodec}. */
    static final class JdkCodec implements MessageCodec {
        private final JdkSerializationCodec codec;

        JdkCodec(ClassLoader loader) {
            this.codec = new JdkSerializationCodec(loader);
        }

        @Override
        public byte[] encode(Object message) throws IOException {
            return codec.encode(message);
        }

        @Override
        public Object decode(byte[] bytes) throws IOException {
            return codec.decode(bytes);
        }
    }

    /**
     * Kryo 5 configured for arbitrary messages: no registration (class names are written once per
     * message), references on (a {@code Throwable} without a cause refers to itself, and a chunk may
     * hold one object twice), Objenesis for classes without a no-argument constructor, and the
     * {@link ClosureSerializer} for serializable lambdas. A {@link Kryo} is not thread-safe, so
     * instances and buffers come from pools, as a codec shared by a worker's reader and writer needs.
     *
     * <p>Exceptions go through Kryo's {@link JavaSerializer} (Java serialization inside the Kryo
     * stream). Without it Kryo's default {@code FieldSerializer} must make {@code Throwable}'s
     * private fields accessible, which JDK 17+ refuses ({@code module java.base does not "opens
     * java.lang"}) unless every JVM involved, the user's application included, runs with
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}. {@code kryoNoFallback} leaves it out.
     */
    static final class KryoCodec implements MessageCodec {
        private final Pool<Kryo> kryos;
        private final Pool<Output> outputs = new Pool<>(true, false, 8) {
            @Override
            protected Output create() {
                return new Output(4096, -1); // grows as needed; reset and reused per message
            }
        };
        private final Pool<Input> inputs = new Pool<>(true, false, 8) {
            @Override
            protected Input create() {
                return new Input();
            }
        };

        KryoCodec(ClassLoader loader, boolean javaSerializationForThrowables) {
            // On JDK 17+ every new ClosureSerializer logs two warnings with stack traces: it cannot
            // open SerializedLambda's private members (java.lang.invoke is not opened) and falls
            // back to calling the capturing class's $deserializeLambda$, which works. Errors stay on.
            Log.set(Log.LEVEL_ERROR);
            kryos = new Pool<>(true, false, 8) {
                @Override
                protected Kryo create() {
                    Kryo kryo = new Kryo();
                    kryo.setRegistrationRequired(false);
                    kryo.setReferences(true);
                    kryo.setClassLoader(loader);
                    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
                    kryo.register(ClosureSerializer.Closure.class, new ClosureSerializer());
                    if (javaSerializationForThrowables) {
                        kryo.addDefaultSerializer(Throwable.class, JavaSerializer.class);
                    }
                    return kryo;
                }
            };
        }

        @Override
        public byte[] encode(Object message) throws IOException {
            Kryo kryo = kryos.obtain();
            Output output = outputs.obtain();
            try {
                output.reset();
                kryo.writeClassAndObject(output, message);
                return output.toBytes();
            } catch (RuntimeException e) {
                throw new IOException("Kryo cannot encode " + message.getClass().getName() + ": " + e, e);
            } finally {
                outputs.free(output);
                kryos.free(kryo);
            }
        }

        @Override
        public Object decode(byte[] bytes) throws IOException {
            Kryo kryo = kryos.obtain();
            Input input = inputs.obtain();
            try {
                input.setBuffer(bytes);
                return kryo.readClassAndObject(input);
            } catch (RuntimeException e) {
                throw new IOException("Kryo cannot decode: " + e, e);
            } finally {
                input.setBuffer(new byte[0]); // do not keep the message alive in the pool
                inputs.free(input);
                kryos.free(kryo);
            }
        }
    }

    /**
     * Fory for Java, thread-safe (a {@link Fory} per thread behind {@link ThreadSafeFory}), without
     * class registration, with reference tracking for the same reasons as Kryo. Fory handles
     * serializable lambdas and JDK-serializable classes (such as exceptions) by itself.
     */
    static final class ForyCodec implements MessageCodec {
        private final ThreadSafeFory fory;

        ForyCodec(ClassLoader loader) {
            // Fory logs through its own logger to stdout: a warning that registration is off, and a
            // line per generated serializer; they would be printed in the middle of JMH's output.
            LoggerFactory.disableLogging();
            fory = Fory.builder()
                    .withLanguage(Language.JAVA)
                    .requireClassRegistration(false)
                    .suppressClassRegistrationWarnings(true)
                    .withRefTracking(true)
                    .withClassLoader(loader)
                    .buildThreadSafeFory();
        }

        @Override
        public byte[] encode(Object message) throws IOException {
            try {
                return fory.serialize(message);
            } catch (RuntimeException e) {
                throw new IOException("Fory cannot encode " + message.getClass().getName() + ": " + e, e);
            }
        }

        @Override
        public Object decode(byte[] bytes) throws IOException {
            try {
                return fory.deserialize(bytes);
            } catch (RuntimeException e) {
                throw new IOException("Fory cannot decode: " + e, e);
            }
        }
    }

    // ---- checking and sizes ----

    /**
     * Round-trips {@code message} once and checks the copy.
     *
     * @return the encoded bytes
     * @throws Exception if the codec fails or the copy differs
     */
    static byte[] roundTripChecked(MessageCodec codec, Object message) throws Exception {
        byte[] bytes = codec.encode(message);
        Object copy = codec.decode(bytes);
        String difference = difference("message", message, copy);
        if (difference != null) {
            throw new IllegalStateException("the decoded copy differs: " + difference);
        }
        return bytes;
    }

    private static final Map<String, String> SIZES = new ConcurrentHashMap<>();
    private static final Map<String, MessageCodec> CODECS_BUILT = new ConcurrentHashMap<>();

    /**
     * The encoded size of a message, for {@code BenchMain}'s table: the number of bytes, or why the
     * codec could not carry it.
     *
     * @param codec one of {@link #CODECS}
     * @param message one of {@link #MESSAGES}
     * @return the size in bytes, or {@code "failed: ..."}
     */
    public static String encodedSize(String codec, String message) {
        return SIZES.computeIfAbsent(codec + "/" + message, key -> {
            try {
                MessageCodec built = CODECS_BUILT.computeIfAbsent(codec, CodecBenchmark::codec);
                return Integer.toString(roundTripChecked(built, message(message)).length);
            } catch (Exception | LinkageError | StackOverflowError e) {
                return "failed: " + e;
            }
        });
    }

    /**
     * Where {@code copy} differs from {@code original}, or {@code null}: records by component,
     * arrays by element, throwables by class, message, stack trace and cause, tasks by calling them.
     */
    @SuppressWarnings("unchecked")
    private static String difference(String path, Object original, Object copy) throws Exception {
        if (original == null || copy == null) {
            return original == copy ? null : path + ": " + original + " became " + copy;
        }
        if (original.getClass() != copy.getClass() && !(original instanceof Task<?, ?, ?>)) {
            return path + ": " + original.getClass().getName() + " became " + copy.getClass().getName();
        }
        if (original instanceof Task<?, ?, ?> task) {
            if (!(copy instanceof Task<?, ?, ?> other)) {
                return path + ": a task became " + copy.getClass().getName();
            }
            Object expected = ((Task<Object, Integer, Object>) task).apply(null, 7);
            Object actual = ((Task<Object, Integer, Object>) other).apply(null, 7);
            return Objects.equals(expected, actual) ? null : path + ": task(7) gave " + actual + ", not " + expected;
        }
        if (original instanceof Throwable t) {
            Throwable c = (Throwable) copy;
            if (!Objects.equals(t.getMessage(), c.getMessage())) {
                return path + ".message: " + t.getMessage() + " became " + c.getMessage();
            }
            if (!Arrays.equals(t.getStackTrace(), c.getStackTrace())) {
                return path + ".stackTrace: " + t.getStackTrace().length + " frames became "
                        + c.getStackTrace().length + " different ones";
            }
            try {
                // The engine may add suppressed exceptions to a decoded failure; a copy whose
                // suppressed list was rebuilt as an unmodifiable list would throw here.
                c.addSuppressed(new RuntimeException("probe"));
            } catch (RuntimeException e) {
                return path + ": addSuppressed on the copy threw " + e;
            }
            return difference(path + ".cause", t.getCause(), c.getCause());
        }
        if (original instanceof Object[] a) {
            Object[] b = (Object[]) copy;
            if (a.length != b.length) {
                return path + ": length " + a.length + " became " + b.length;
            }
            for (int i = 0; i < a.length; i++) {
                String d = difference(path + "[" + i + "]", a[i], b[i]);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (original.getClass().isRecord()) {
            for (RecordComponent component : original.getClass().getRecordComponents()) {
                String d = difference(path + "." + component.getName(), component.getAccessor().invoke(original),
                        component.getAccessor().invoke(copy));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return original.equals(copy) ? null : path + ": " + original + " became " + copy;
    }
}
