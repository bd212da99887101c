package org.mpire4j.api;

import java.time.Duration;
import java.util.List;

/**
 * Where one worker's time went since the workers were last started (summed over restarts of the
 * same worker id).
 *
 * @param workerId the worker
 * @param startUpTime from the pool asking for the worker to the worker running its loop
 * @param initTime in the worker-init hook
 * @param waitingTime waiting for work
 * @param workingTime in tasks
 * @param exitTime in the worker-exit hook
 * @param completedTasks tasks completed
 * @param longestTasks the five longest tasks, longest first
 */
public record WorkerInsights(int workerId, Duration startUpTime, Duration initTime, Duration waitingTime,
        Duration workingTime, Duration exitTime, long completedTasks, List<TaskTime> longestTasks) {

    /** Copies the list of longest tasks. */
    public WorkerInsights {
        longestTasks = List.copyOf(longestTasks);
    }

    /**
     * The sum of all recorded times.
     *
     * @return start-up, init, waiting, working and exit time together
     */
    public Duration totalTime() {
        return startUpTime.plus(initTime).plus(waitingTime).plus(workingTime).plus(exitTime);
    }
}
