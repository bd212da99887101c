package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.WorkerPool;

/** Worker insights (MPIRE's test_insights) and the progress bar's text. */
@Timeout(60)
class InsightsAndProgressTest {

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    /** Busy for at least the given time (parkNanos may return early, so loop on the clock). */
    static int work(Duration duration, int x) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void insightsAccountForTheTimeTasksTook(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).enableInsights(true).keepAlive(true).build()) {
            pool.map((ctx, x) -> work(Duration.ofMillis(20), x), IntStream.range(0, 10).boxed().toList());
            PoolInsights insights = pool.insights();
            assertThat(insights.enabled(), is(true));
            assertThat(insights.workers(), hasSize(2));
            assertThat(insights.completedTasks(), is(10L));
            assertThat(insights.totalWorkingTime(), greaterThanOrEqualTo(Duration.ofMillis(200)));
            assertThat(insights.longestTasks(), hasSize(5));
            assertThat(insights.longestTasks().getFirst().duration(), greaterThanOrEqualTo(Duration.ofMillis(20)));
            assertThat(insights.workingRatio(), lessThanOrEqualTo(1.0));
            assertThat(insights.summary(), containsString("Total number of tasks completed: 10"));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void insightsAreReadableWhileAnImapRuns(String method) {
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).enableInsights(true).build();
                Stream<Integer> results = pool.imap((ctx, x) -> x,
                        IntStream.range(0, 100).boxed().toList(), pool.options().chunkSize(10))) {
            var iterator = results.iterator();
            for (int i = 0; i < 50; i++) {
                iterator.next();
            }
            assertThat(pool.insights().completedTasks(), greaterThanOrEqualTo(40L));
        }
    }

    @Test
    void disabledInsightsSaySo() {
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(1).build()) {
            pool.map((ctx, x) -> x, List.of(1));
            assertThat(pool.insights().enabled(), is(false));
            assertThat(pool.insights().summary(), containsString("disabled"));
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void aMapWithAProgressBarEndsAtOneHundredPercentOnStandardError(String method) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).build()) {
            pool.map((ctx, x) -> work(Duration.ofMillis(30), x), IntStream.range(0, 10).boxed().toList(),
                    pool.options().chunkSize(5).progressBar(true));
        } finally {
            System.setErr(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out, containsString("100%|####################| 10/10 ["));
    }

    /** Records what an observer hears. */
    static final class Recording implements org.mpire4j.api.MapObserver {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long lastDone = -1;
        volatile Throwable error;

        @Override
        public void started(MapInfo map) {
            events.add("started " + map.total() + " " + map.startMethod());
        }

        final java.util.Map<Long, Long> doneByMap = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void progressed(long mapId, long done, long total) {
            Long before = doneByMap.put(mapId, done);
            assertThat("progress never goes back", before == null || done >= before, is(true));
            lastDone = done;
        }

        @Override
        public void finished(long mapId, Throwable failure, PoolInsights insights) {
            error = failure;
            events.add("finished");
        }
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void observersHearEveryMapStartProgressAndEnd(String method) {
        Recording recording = new Recording();
        try (WorkerPool<Void> pool = StartMethods.pool(method, 2).observer(recording).build()) {
            pool.map((ctx, x) -> x, IntStream.range(0, 20).boxed().toList(), pool.options().chunkSize(3));
            assertThat(recording.events, org.hamcrest.Matchers.contains("started 20 " + method, "finished"));
            assertThat(recording.lastDone, is(20L));
            assertThat(recording.error, is(org.hamcrest.Matchers.nullValue()));
            org.junit.jupiter.api.Assertions.assertThrows(org.mpire4j.api.TaskFailedException.class,
                    () -> pool.map((ctx, x) -> 1 / x, IntStream.range(0, 4).boxed().toList()));
            assertThat(recording.error, org.hamcrest.Matchers.instanceOf(org.mpire4j.api.TaskFailedException.class));
        }
    }

    private static String render(long total, long count, boolean fail) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, total);
        bar.advance(count);
        if (fail) {
            bar.failed(new IllegalStateException("boom"));
        } else {
            bar.done();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void progressBarShowsCountsPercentRateAndEnd() {
        String out = render(13, 13, false);
        assertThat(out, containsString("100%"));
        assertThat(out, containsString("13/13"));
        assertThat(out, containsString("tasks/s"));
        assertThat("no control characters when not on a terminal", out, not(containsString("\r")));
        assertThat(render(13, 0, false), containsString("  0%"));
    }

    @Test
    void progressBarWithUnknownTotalAndOnError() {
        assertThat(render(-1, 7, false), containsString("7 ["));
        assertThat(render(10, 3, true), containsString("failed: boom"));
    }
}
