package org.mpire4j.tasks.text.internal;

import java.util.Locale;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mpire.task=upper}: a line in upper case. {@link Locale#ROOT}, so that the result does not
 * depend on the locale of the machine (or worker process) that runs it.
 */
@Component(service = Task.class, property = Task.NAME_PROPERTY + "=" + UpperTask.NAME)
public final class UpperTask implements Task<Object, String, String> {

    /** The task's name on the whiteboard. */
    public static final String NAME = "upper";

    private static final long serialVersionUID = 1L;

    @Override
    public String apply(WorkerContext<?> context, String line) {
        return line.toUpperCase(Locale.ROOT);
    }
}
