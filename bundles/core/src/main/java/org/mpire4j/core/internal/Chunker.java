package org.mpire4j.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.RandomAccess;
import org.mpire4j.api.MapOptions;

/**
 * Cuts a map's input into chunks, MPIRE's {@code chunk_tasks}: fractional chunk sizes accumulate
 * (2.5 gives 3, 2, 3, 2), a length hint truncates longer input, and input is read only when the
 * next chunk is asked for. Used by the caller's thread only.
 */
final class Chunker {

    /** MPIRE's chunk size when the number of tasks is unknown. */
    static final int UNKNOWN_LENGTH_CHUNK_SIZE = 4;

    private final Iterator<?> input;
    /** The input itself when it is a random-access list: chunks are then copied in one go. */
    private final List<?> list;
    private final long limit;
    private final double chunkSize;
    private long taken;
    private long chunks;

    private Chunker(Iterable<?> args, long limit, double chunkSize) {
        this.list = args instanceof List<?> l && args instanceof RandomAccess ? l : null;
        this.input = list == null ? args.iterator() : null;
        this.limit = limit;
        this.chunkSize = chunkSize;
    }

    /**
     * Plans the chunks of a map.
     *
     * @param args the input
     * @param options the map's options
     * @param jobs the pool's number of workers
     * @return a chunker over the input
     */
    static Chunker of(Iterable<?> args, MapOptions<?> options, int jobs) {
        OptionalLong hint = options.length();
        long known = hint.isPresent() ? hint.getAsLong() : args instanceof Collection<?> c ? c.size() : -1;
        return new Chunker(args, hint.orElse(-1), chunkSize(options, known, jobs));
    }

    /**
     * MPIRE's chunk size rule: explicit, else tasks / nSplits, else tasks / (jobs * 64), else 4;
     * never below 1 so that every chunk holds at least one task.
     */
    static double chunkSize(MapOptions<?> options, long tasks, int jobs) {
        double size;
        if (options.chunkSize() > 0) {
            size = options.chunkSize();
        } else if (tasks < 0) {
            size = UNKNOWN_LENGTH_CHUNK_SIZE;
        } else if (options.nSplits() > 0) {
            size = (double) tasks / options.nSplits();
        } else {
            size = (double) tasks / (jobs * 64.0);
        }
        return Math.max(1.0, size);
    }

    /** MPIRE's default cap on tasks in flight: {@code jobs * ceil(chunkSize) * 2}. */
    static int defaultMaxTasksActive(int jobs, double chunkSize) {
        return (int) Math.min(Integer.MAX_VALUE, jobs * (long) Math.ceil(chunkSize) * 2);
    }

    double chunkSize() {
        return chunkSize;
    }

    /** The number of arguments taken so far. */
    long taken() {
        return taken;
    }

    /**
     * The next chunk, or {@code null} when the input is exhausted.
     *
     * @return the arguments of the next chunk
     */
    Object[] next() {
        long end = (long) Math.ceil((chunks + 1) * chunkSize);
        int size = (int) Math.max(1, end - taken);
        if (limit >= 0) {
            size = (int) Math.min(size, limit - taken);
        }
        if (list != null) {
            int last = (int) Math.min((long) list.size(), taken + size);
            if (last <= taken) {
                return null;
            }
            Object[] chunk = list.subList((int) taken, last).toArray();
            taken = last;
            chunks++;
            return chunk;
        }
        List<Object> chunk = new ArrayList<>(Math.min(size, 1 << 16));
        while (chunk.size() < size && input.hasNext()) {
            chunk.add(input.next());
        }
        if (chunk.isEmpty()) {
            return null;
        }
        taken += chunk.size();
        chunks++;
        return chunk.toArray();
    }
}
