package org.mpire4j.examples.internal;

import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;
import org.mpire4j.examples.PrefixCount;
import org.osgi.service.component.annotations.Component;

/** Registers the prefix-count task on the whiteboard as {@code mpire.task=prefix-count}. */
@Component(service = Task.class, property = Task.NAME_PROPERTY + "=prefix-count")
public final class PrefixCountTask implements Task<Object, String[], Integer> {

    private static final long serialVersionUID = 1L;

    @Override
    public Integer apply(WorkerContext<?> context, String[] document) throws Exception {
        return PrefixCount.TASK.apply(context, document);
    }
}
