package org.mpire4j.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;
import org.mpire4j.api.WorkerExit;
import org.mpire4j.api.WorkerInit;
import org.mpire4j.api.WorkerPool;

/**
 * MPIRE's stateful benchmark: documents of random words; each worker counts the prefixes (length 1
 * to 3) of the words it sees in its worker state, and its exit hook returns them. The caller merges
 * the exit results and keeps the prefixes seen more than {@value #MIN_COUNT} times. (MPIRE's benchmark
 * drops rare prefixes per worker; dropping them after the merge makes the result independent of which
 * worker saw which document, so every start method and the serial run agree exactly.) Unbalanced on
 * purpose: even documents are longer than odd ones.
 */
public final class PrefixCount {

    /** Prefixes seen this many times or fewer in the whole corpus are dropped from the result. */
    public static final int MIN_COUNT = 3;

    private static final String COUNTS = "prefixCounts";

    private PrefixCount() {
    }

    /** The task: counts one document's prefixes into the worker state; returns the document's word count. */
    public static final Task<Object, String[], Integer> TASK = PrefixCount::countDocument;

    /** The init hook: gives the worker an empty prefix table. */
    public static final WorkerInit<Object> INIT = context -> context.state().put(COUNTS, new HashMap<String, long[]>());

    /** The exit hook: every prefix this worker saw, with its count. */
    public static final WorkerExit<Object, Map<String, Long>> EXIT = PrefixCount::prefixCounts;

    private static Integer countDocument(WorkerContext<?> context, String[] document) {
        @SuppressWarnings("unchecked")
        Map<String, long[]> counts = (Map<String, long[]>) context.state().get(COUNTS);
        for (String word : document) {
            for (int length = 1; length <= Math.min(3, word.length()); length++) {
                counts.computeIfAbsent(word.substring(0, length), k -> new long[1])[0]++;
            }
        }
        return document.length;
    }

    private static Map<String, Long> prefixCounts(WorkerContext<?> context) {
        @SuppressWarnings("unchecked")
        Map<String, long[]> counts = (Map<String, long[]>) context.state().get(COUNTS);
        Map<String, Long> copy = new HashMap<>();
        counts.forEach((prefix, count) -> copy.put(prefix, count[0]));
        return copy;
    }

    /**
     * Generates a corpus with a fixed seed: {@code documents} documents of {@code meanWords ± meanWords/2}
     * words of {@code wordLength} lower-case letters drawn from a skewed alphabet (so prefix counts
     * differ). Even documents are longer, odd ones shorter.
     *
     * @param documents the number of documents
     * @param meanWords the mean number of words per document
     * @param wordLength letters per word
     * @param seed the random seed
     * @return the documents
     */
    public static List<String[]> corpus(int documents, int meanWords, int wordLength, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String[]> corpus = new ArrayList<>(documents);
        char[] letters = new char[wordLength];
        for (int d = 0; d < documents; d++) {
            int spread = meanWords / 2 == 0 ? 0 : random.nextInt(meanWords / 2 + 1);
            int words = d % 2 == 0 ? meanWords + spread : meanWords - spread;
            String[] document = new String[words];
            for (int w = 0; w < words; w++) {
                for (int i = 0; i < wordLength; i++) {
                    // Squaring skews the distribution towards the start of the alphabet.
                    double u = random.nextDouble();
                    letters[i] = (char) ('a' + (int) (u * u * 26));
                }
                document[w] = new String(letters);
            }
            corpus.add(document);
        }
        return corpus;
    }

    /**
     * Runs the workload on a pool and merges the workers' exit results.
     *
     * @param pool the pool; it must not keep its workers alive, so that they exit at the end of the map
     * @param corpus the documents
     * @return the merged prefix counts, sorted by prefix
     */
    public static Result run(WorkerPool<?> pool, List<String[]> corpus) {
        MapOptions<Object> options = MapOptions.defaults().workerInit(INIT).workerExit(EXIT);
        List<Integer> words = pool.map(TASK, corpus, options);
        if (!pool.exitResults().isEmpty() || words.isEmpty()) {
            return new Result(words.stream().mapToLong(Integer::longValue).sum(), merge(pool.exitResults()));
        }
        throw new IllegalStateException("The pool returned no exit results: build it without keep-alive");
    }

    /**
     * Counts the same prefixes on the caller's thread, for comparison.
     *
     * @param corpus the documents
     * @return the prefix counts
     */
    public static Result runSerially(List<String[]> corpus) {
        Map<String, Object> state = new HashMap<>();
        WorkerContext<Object> context = new WorkerContext<>() {
            @Override
            public int workerId() {
                return 0;
            }

            @Override
            public Object shared() {
                return null;
            }

            @Override
            public Map<String, Object> state() {
                return state;
            }
        };
        try {
            INIT.init(context);
            long words = 0;
            for (String[] document : corpus) {
                words += countDocument(context, document);
            }
            return new Result(words, merge(List.of(prefixCounts(context))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> merge(List<?> exitResults) {
        Map<String, Long> merged = new TreeMap<>();
        for (Object result : exitResults) {
            @SuppressWarnings("unchecked")
            Map<String, Long> counts = (Map<String, Long>) result;
            counts.forEach((prefix, count) -> merged.merge(prefix, count, Long::sum));
        }
        merged.values().removeIf(count -> count <= MIN_COUNT);
        return merged;
    }

    /**
     * The outcome of a run.
     *
     * @param words the number of words counted
     * @param prefixes the frequent prefixes with their counts, sorted by prefix
     */
    public record Result(long words, Map<String, Long> prefixes) {
    }
}
