package org.mpire4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this module, taking JMH's own command line, and then prints the
 * figures the map-overhead issue asks for: for every benchmark its time per map (mean with JMH's
 * 99.9% error, and the median of the measurement iterations) in ms/op, the time per task in ns, and
 * its ratio to the faster of the {@code ThreadPoolExecutor} and {@code ForkJoinPool} baselines with
 * the same parameters; as a table, then each row as one JSON line (prefixed {@code BENCH_JSON }).
 * {@link CodecBenchmark} rows get a table of their own: microseconds per round trip, the encoded
 * size, and the ratio to JDK serialization for the same message, since the pool baselines do not
 * apply to them.
 *
 * <p>{@code bench/run} calls it; listing and help options ({@code -l}, {@code -lp}, {@code -h},
 * {@code -lrf}, {@code -lprof}) go straight to {@link Main}. The JMH results themselves are written
 * wherever {@code -rf}/{@code -rff} say.
 */
public final class BenchMain {

    /** Benchmarks whose best score is the reference for the ratio column. */
    private static final Set<String> BASELINES = Set.of("threadPoolExecutor", "forkJoinPool");

    /** The ratio of mpire4j's map to the faster baseline that the issue sets as the goal. */
    private static final double GOAL_RATIO = 1.5;

    private BenchMain() {
    }

    /**
     * Runs JMH with the given arguments and prints the report.
     *
     * @param args JMH's command-line arguments
     * @throws Exception if JMH cannot run
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListResultFormats() || options.shouldListProfilers()) {
            Main.main(args);
            return;
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(options).build()).run();
        report(results);
    }

    /** One line of the report. */
    private record Row(String benchmark, String params, long tasks, int jobs, double scoreMs, double errorMs,
            double medianMs, double minMs, double maxMs, long iterations, double nsPerTask, double ratio) {
    }

    private static void report(Collection<RunResult> results) {
        List<RunResult> sorted = new ArrayList<>();
        List<RunResult> codecs = new ArrayList<>();
        for (RunResult result : results) {
            (result.getParams().getBenchmark().startsWith(CodecBenchmark.class.getName() + ".") ? codecs : sorted)
                    .add(result);
        }
        sorted.sort(RunResult.DEFAULT_SORT_COMPARATOR);
        if (!codecs.isEmpty()) {
            reportCodecs(codecs);
            if (sorted.isEmpty()) {
                return;
            }
        }

        // The reference of each parameter combination: the faster baseline's mean time.
        Map<String, Double> best = new LinkedHashMap<>();
        for (RunResult result : sorted) {
            if (BASELINES.contains(method(result.getParams())) && result.getParams().getMode() != Mode.Throughput) {
                best.merge(groupKey(result.getParams()), toMs(result, result.getPrimaryResult().getScore()), Math::min);
            }
        }

        List<Row> rows = new ArrayList<>();
        for (RunResult result : sorted) {
            BenchmarkParams params = result.getParams();
            if (params.getMode() == Mode.Throughput) {
                // ops per time unit: not a time per map, so neither ns/task nor a ratio applies
                System.out.println("(not reported: " + method(params) + " ran in throughput mode; use -bm avgt)");
                continue;
            }
            Result<?> primary = result.getPrimaryResult();
            var stats = primary.getStatistics();
            double score = toMs(result, primary.getScore());
            long tasks = longParam(params, "tasks");
            Double reference = best.get(groupKey(params));
            rows.add(new Row(method(params), paramKey(params), tasks, (int) longParam(params, "jobs"), score,
                    toMs(result, primary.getScoreError()), toMs(result, stats.getPercentile(50)),
                    toMs(result, stats.getMin()), toMs(result, stats.getMax()), stats.getN(),
                    tasks > 0 ? score * 1e6 / tasks : Double.NaN,
                    reference == null ? Double.NaN : score / reference));
        }
        rows.sort(Comparator.comparing(Row::params).thenComparingDouble(Row::scoreMs));

        String jdk = sorted.isEmpty() ? System.getProperty("java.version")
                : sorted.getFirst().getParams().getJdkVersion() + " (" + sorted.getFirst().getParams().getVmName()
                        + " " + sorted.getFirst().getParams().getVmVersion() + ")";
        String nproc = System.getProperty("bench.nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));

        System.out.println();
        System.out.println("mpire4j map overhead: cores (nproc) " + nproc + ", java " + jdk);
        System.out.println("ms/op = mean of the measurement iterations +- JMH's 99.9% error; median = their median;"
                + " ratio = mean / faster baseline mean (TPE, FJP)");
        String header = String.format(Locale.ROOT, "%-20s %-22s %10s %9s %10s %10s %10s %8s %7s", "benchmark",
                "params", "ms/op", "+-error", "median", "min", "max", "ns/task", "ratio");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (Row row : rows) {
            System.out.println(String.format(Locale.ROOT, "%-20s %-22s %10.3f %9s %10.3f %10.3f %10.3f %8.2f %7s",
                    row.benchmark(), row.params(), row.scoreMs(), fmt(row.errorMs(), "%.3f"), row.medianMs(),
                    row.minMs(), row.maxMs(), row.nsPerTask(), fmt(row.ratio(), "%.2fx")));
        }
        for (Row row : rows) {
            if (row.benchmark().equals("mpireMap") && !Double.isNaN(row.ratio())) {
                System.out.println(String.format(Locale.ROOT, "goal (mpireMap within %.1fx of the faster baseline, %s):"
                        + " %.2fx, %s", GOAL_RATIO, row.params(), row.ratio(), row.ratio() <= GOAL_RATIO ? "MET" : "NOT MET"));
            }
        }
        System.out.println();
        for (Row row : rows) {
            System.out.println("BENCH_JSON " + json(row, nproc, jdk));
        }
    }

    /**
     * The codec table: per message, each codec's mean time per round trip in µs, the encoded size,
     * and the ratio to JDK serialization (the current default) for the same message; then the
     * message/codec pairs of the run that have no result (their trial failed), with the reason.
     */
    private static void reportCodecs(List<RunResult> results) {
        Map<String, Double> jdk = new LinkedHashMap<>();
        Set<String> messages = new LinkedHashSet<>();
        Set<String> codecs = new LinkedHashSet<>();
        Set<String> measured = new HashSet<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            messages.add(params.getParam("message"));
            codecs.add(params.getParam("codec"));
            measured.add(params.getParam("codec") + "/" + params.getParam("message"));
            if ("jdk".equals(params.getParam("codec"))) {
                jdk.put(params.getParam("message"), toMs(result, result.getPrimaryResult().getScore()));
            }
        }
        System.out.println();
        System.out.println("mpire4j codecs: one message encoded and decoded (µs/op = mean +- JMH's 99.9% error);"
                + " bytes = encoded size; ratio = mean / JDK serialization's mean for the same message");
        String header = String.format(Locale.ROOT, "%-12s %-16s %10s %9s %10s %8s %7s", "message", "codec", "us/op",
                "+-error", "median", "bytes", "ratio");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        List<String> json = new ArrayList<>();
        for (String message : messages) {
            for (RunResult result : results) {
                BenchmarkParams params = result.getParams();
                if (!message.equals(params.getParam("message"))) {
                    continue;
                }
                String codec = params.getParam("codec");
                double ms = toMs(result, result.getPrimaryResult().getScore());
                Double reference = jdk.get(message);
                double ratio = reference == null ? Double.NaN : ms / reference;
                String bytes = CodecBenchmark.encodedSize(codec, message);
                System.out.println(String.format(Locale.ROOT, "%-12s %-16s %10.3f %9s %10.3f %8s %7s", message, codec,
                        ms * 1e3, fmt(toMs(result, result.getPrimaryResult().getScoreError()) * 1e3, "%.3f"),
                        toMs(result, result.getPrimaryResult().getStatistics().getPercentile(50)) * 1e3,
                        bytes.startsWith("failed") ? "n/a" : bytes, fmt(ratio, "%.2fx")));
                json.add("BENCH_JSON {\"benchmark\":\"" + method(params) + "\",\"message\":\"" + message
                        + "\",\"codec\":\"" + codec + "\",\"score_us\":" + num(ms * 1e3) + ",\"error_us\":"
                        + num(toMs(result, result.getPrimaryResult().getScoreError()) * 1e3) + ",\"bytes\":"
                        + (bytes.startsWith("failed") ? "null" : bytes) + ",\"ratio_to_jdk\":" + num(ratio) + "}");
            }
        }
        for (String codec : codecs) {
            for (String message : messages) {
                if (!measured.contains(codec + "/" + message)) {
                    System.out.println("not measured: " + codec + "/" + message + " (its trial failed): "
                            + CodecBenchmark.encodedSize(codec, message).lines().findFirst().orElse(""));
                }
            }
        }
        System.out.println();
        json.forEach(System.out::println);
    }

    private static String json(Row row, String nproc, String jdk) {
        return "{\"benchmark\":\"" + row.benchmark() + "\",\"tasks\":" + row.tasks() + ",\"jobs\":" + row.jobs()
                + ",\"score_ms\":" + num(row.scoreMs()) + ",\"error_ms\":" + num(row.errorMs())
                + ",\"median_ms\":" + num(row.medianMs()) + ",\"min_ms\":" + num(row.minMs())
                + ",\"max_ms\":" + num(row.maxMs()) + ",\"iterations\":" + row.iterations()
                + ",\"ns_per_task\":" + num(row.nsPerTask()) + ",\"ratio_to_best_baseline\":" + num(row.ratio())
                + ",\"nproc\":" + nproc + ",\"java\":\"" + jdk.replace("\"", "'") + "\"}";
    }

    /** The benchmark method's simple name. */
    private static String method(BenchmarkParams params) {
        String name = params.getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The parameters, such as {@code jobs=2,tasks=1000000}. */
    private static String paramKey(BenchmarkParams params) {
        List<String> parts = new ArrayList<>();
        for (String key : params.getParamsKeys()) {
            parts.add(key + "=" + params.getParam(key));
        }
        return String.join(",", parts);
    }

    /** Rows are compared only within one mode and one parameter combination. */
    private static String groupKey(BenchmarkParams params) {
        return params.getMode().shortLabel() + ":" + paramKey(params);
    }

    private static long longParam(BenchmarkParams params, String key) {
        String value = params.getParam(key);
        return value == null ? -1 : Long.parseLong(value);
    }

    /** Converts a time in the run's output unit to milliseconds, so that {@code -tu} does not skew the report. */
    private static double toMs(RunResult result, double value) {
        TimeUnit unit = result.getParams().getTimeUnit();
        return value * unit.toNanos(1) / 1e6;
    }

    private static String fmt(double value, String format) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    private static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.6g", value);
    }
}
