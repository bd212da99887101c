package org.mpire4j.examples.internal;

import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;
import org.mpire4j.examples.Convolution;
import org.osgi.service.component.annotations.Component;

/**
 * Registers MPIRE's numerical workload on the whiteboard as {@code mpire.task=convolve}: the pool's
 * shared object is a {@link Convolution.Image}, the arguments are 4x4 filters.
 */
@Component(service = Task.class, property = Task.NAME_PROPERTY + "=convolve")
public final class ConvolutionTask implements Task<Convolution.Image, double[], double[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public double[] apply(WorkerContext<? extends Convolution.Image> context, double[] filter) {
        return Convolution.convolve(context.shared(), filter);
    }
}
