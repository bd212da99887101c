package org.mpire4j.api;

import java.io.Serial;

/**
 * A task threw. The task's exception is the {@linkplain #getCause() cause} (same class, message and
 * the worker's stack trace); {@link #argument()} is the argument it failed on.
 */
public class TaskFailedException extends WorkerException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Object argument;
    private final String argumentText;

    /**
     * Creates an exception.
     *
     * @param workerId the worker that ran the task
     * @param argument the argument the task failed on
     * @param cause the task's exception
     */
    public TaskFailedException(int workerId, Object argument, Throwable cause) {
        super("Task failed on worker " + workerId + " with argument " + describe(argument) + ": " + cause,
                workerId, WorkerPhase.TASK, cause);
        this.argument = argument;
        this.argumentText = describe(argument);
    }

    /**
     * The argument the task failed on.
     *
     * @return the argument; {@code null} if it was {@code null} or this exception was deserialized
     */
    public Object argument() {
        return argument;
    }

    /**
     * The argument as text, kept when the argument itself cannot travel.
     *
     * @return {@code String.valueOf(argument)}, shortened to 200 characters
     */
    public String argumentText() {
        return argumentText;
    }

    private static String describe(Object argument) {
        String text;
        try {
            text = String.valueOf(argument);
        } catch (RuntimeException e) {
            text = "<toString() threw " + e + ">";
        }
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
