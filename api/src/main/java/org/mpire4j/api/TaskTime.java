package org.mpire4j.api;

import java.time.Duration;

/**
 * How long one task took, for {@link WorkerInsights#longestTasks()}.
 *
 * @param duration how long the task ran
 * @param argument the task's argument as text
 */
public record TaskTime(Duration duration, String argument) implements java.io.Serializable {
}
