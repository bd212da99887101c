package org.mpire4j.api;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where the workers' time went, MPIRE's {@code get_insights()}: per worker figures and their
 * totals, means and ratios.
 *
 * @param enabled whether the pool records insights; if not, {@code workers} is empty
 * @param workers one entry per worker id, by id
 */
public record PoolInsights(boolean enabled, List<WorkerInsights> workers) {

    /** Copies the list. */
    public PoolInsights {
        workers = List.copyOf(workers);
    }

    /** @return total tasks completed by all workers */
    public long completedTasks() {
        return workers.stream().mapToLong(WorkerInsights::completedTasks).sum();
    }

    /** @return total start-up time */
    public Duration totalStartUpTime() {
        return sum(WorkerInsights::startUpTime);
    }

    /** @return total init time */
    public Duration totalInitTime() {
        return sum(WorkerInsights::initTime);
    }

    /** @return total waiting time */
    public Duration totalWaitingTime() {
        return sum(WorkerInsights::waitingTime);
    }

    /** @return total working time */
    public Duration totalWorkingTime() {
        return sum(WorkerInsights::workingTime);
    }

    /** @return total exit time */
    public Duration totalExitTime() {
        return sum(WorkerInsights::exitTime);
    }

    /** @return the sum of every worker's recorded time */
    public Duration totalTime() {
        return sum(WorkerInsights::totalTime);
    }

    /**
     * The share of all recorded time spent in tasks: MPIRE warns when it is under 80 %.
     *
     * @return working time / total time, or 0 when nothing was recorded
     */
    public double workingRatio() {
        long total = totalTime().toNanos();
        return total == 0 ? 0 : (double) totalWorkingTime().toNanos() / total;
    }

    /** @return the five longest tasks over all workers, longest first */
    public List<TaskTime> longestTasks() {
        return workers.stream().flatMap(w -> w.longestTasks().stream())
                .sorted(Comparator.comparing(TaskTime::duration).reversed()).limit(5).toList();
    }

    /**
     * A printable summary, MPIRE's {@code print_insights()}.
     *
     * @return several lines of text
     */
    public String summary() {
        if (!enabled) {
            return "Insights are disabled: build the pool with enableInsights(true).";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "WorkerPool insights%n-------------------%n"));
        out.append(String.format(Locale.ROOT, "Total number of tasks completed: %d%n", completedTasks()));
        line(out, "Start up time", totalStartUpTime());
        line(out, "Init time", totalInitTime());
        line(out, "Waiting time", totalWaitingTime());
        line(out, "Working time", totalWorkingTime());
        line(out, "Exit time", totalExitTime());
        out.append(String.format(Locale.ROOT, "Working ratio: %.2f%n", workingRatio()));
        for (WorkerInsights w : workers) {
            out.append(String.format(Locale.ROOT, "Worker %d: %d tasks, working %s, waiting %s%n", w.workerId(),
                    w.completedTasks(), w.workingTime(), w.waitingTime()));
        }
        List<TaskTime> top = longestTasks();
        if (!top.isEmpty()) {
            out.append(String.format(Locale.ROOT, "Top %d tasks:%n", top.size()));
            for (TaskTime t : top) {
                out.append(String.format(Locale.ROOT, "  %s  %s%n", t.duration(), t.argument()));
            }
        }
        if (workingRatio() < 0.8) {
            out.append(String.format(Locale.ROOT, "Efficiency warning: working ratio is < 80%%!%n"));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, Duration value) {
        out.append(String.format(Locale.ROOT, "%s: %s%n", label, value));
    }

    private Duration sum(Function<WorkerInsights, Duration> field) {
        return workers.stream().map(field).reduce(Duration.ZERO, Duration::plus);
    }
}
