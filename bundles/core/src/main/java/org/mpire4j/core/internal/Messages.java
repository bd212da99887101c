package org.mpire4j.core.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.WorkerPhase;

/**
 * The protocol between the engine and its workers. Thread workers receive these objects as they
 * are; process start methods serialize them. Every message is small except chunks and results,
 * which carry whole chunks so that a transport pays per chunk, not per task.
 */
final class Messages {

    private Messages() {
    }

    // ---- parent to worker ----

    /**
     * The functions of the maps and applies that follow. Timed phases make the worker announce
     * each start with {@link Busy} so that the parent can enforce their timeouts.
     */
    record Configure(Task<?, ?, ?> task, WorkerInit<?> init, WorkerExit<?, ?> exit, boolean timedInit,
            boolean insights) implements Serializable {
    }

    /**
     * Run the task over these arguments; {@code timed} asks for a {@link Busy} before each,
     * {@code progress} for a {@link Progress} at most every 100 ms.
     */
    record RunChunk(long jobId, long chunkId, Object[] args, boolean timed, boolean progress) implements Serializable {
        @Serial
        private Object writeReplace() {
            return new PackedChunk(jobId, chunkId, Packed.pack(args), timed, progress);
        }
    }

    /** How a {@link RunChunk} travels to a worker process: its arguments packed. */
    private record PackedChunk(long jobId, long chunkId, Object args, boolean timed, boolean progress)
            implements Serializable {
        @Serial
        private Object readResolve() {
            return new RunChunk(jobId, chunkId, Packed.unpack(args), timed, progress);
        }
    }

    /** Run one task; it carries its own function, so applies and maps may interleave. */
    record RunApply(long jobId, Task<?, ?, ?> task, Object arg, boolean timed) implements Serializable {
    }

    /** Run the exit hook (if a task ran), send its result, and end. */
    record Stop(boolean timedExit) implements Serializable {
    }

    // ---- worker to parent ----

    /** The worker's loop is running. */
    record Started() implements Serializable {
    }

    /** The worker began a timed phase; for tasks, the index of the argument within its chunk. */
    record Busy(WorkerPhase phase, long jobId, int index) implements Serializable {
    }

    /** How many tasks of a chunk are done so far, for progress bars; the chunk's results follow later. */
    record Progress(long jobId, long chunkId, int done) implements Serializable {
    }

    /** A chunk's results, in the order of its arguments. */
    record ChunkDone(long jobId, long chunkId, Object[] results) implements Serializable {
        @Serial
        private Object writeReplace() {
            return new PackedResults(jobId, chunkId, Packed.pack(results));
        }
    }

    /** How a {@link ChunkDone} travels from a worker process: its results packed. */
    private record PackedResults(long jobId, long chunkId, Object results) implements Serializable {
        @Serial
        private Object readResolve() {
            return new ChunkDone(jobId, chunkId, Packed.unpack(results));
        }
    }

    /**
     * Chunks of boxed ints, longs or doubles (the common case: {@code x -> x * x} over numbers) travel
     * as one primitive array: Java serialization then writes 4 or 8 bytes a value instead of an
     * object each. Other chunks of the common shapes travel in the {@link DataCodec}'s compact form;
     * anything else as it is.
     */
    static final class Packed {
        private Packed() {
        }

        static Object pack(Object[] values) {
            if (values.length == 0) {
                return values;
            }
            Class<?> type = values[0] == null ? null : values[0].getClass();
            if (type != Integer.class && type != Long.class && type != Double.class) {
                return compact(values);
            }
            for (Object value : values) {
                if (value == null || value.getClass() != type) {
                    return compact(values);
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
            return switch (packed) {
                case DataCodec.Encoded encoded -> DataCodec.decode(encoded);
                case Object[] values -> values;
                case int[] ints -> {
                    Object[] values = new Object[ints.length];
                    for (int i = 0; i < ints.length; i++) {
                        values[i] = ints[i];
                    }
                    yield values;
                }
                case long[] longs -> {
                    Object[] values = new Object[longs.length];
                    for (int i = 0; i < longs.length; i++) {
                        values[i] = longs[i];
                    }
                    yield values;
                }
                case double[] doubles -> {
                    Object[] values = new Object[doubles.length];
                    for (int i = 0; i < doubles.length; i++) {
                        values[i] = doubles[i];
                    }
                    yield values;
                }
                default -> throw new IllegalStateException("Not a packed chunk: " + packed);
            };
        }
    }

    /** An apply's result. */
    record ApplyDone(long jobId, Object result) implements Serializable {
    }

    /** A task threw; {@code index} is the argument's position in its chunk (0 for an apply). */
    record TaskFailed(long jobId, int index, Throwable error) implements Serializable {
    }

    /** The init or exit hook threw. After a failed init the worker ends. */
    record HookFailed(WorkerPhase phase, long jobId, Throwable error) implements Serializable {
    }

    /** What the exit hook returned. */
    record ExitResult(Object value) implements Serializable {
        @Serial
        private Object writeReplace() {
            return new PackedExitResult(Packed.pack(new Object[] {value}));
        }
    }

    /** How an {@link ExitResult} travels from a worker process: in the compact form when it has one. */
    private record PackedExitResult(Object value) implements Serializable {
        @Serial
        private Object readResolve() {
            return new ExitResult(Packed.unpack(value)[0]);
        }
    }

    /** The worker's cumulative time figures for its life so far. */
    record InsightsUpdate(long initNanos, long waitingNanos, long workingNanos, long exitNanos, long tasks,
            List<TaskTime> longest) implements Serializable {
    }

    /** The worker's last message before it ends of its own accord. */
    record Stopped() implements Serializable {
    }
}
