package org.mpire4j.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.WorkerPool;

/** The numerical workload: the pool's results equal the serial ones; the kernel is a real convolution. */
@Timeout(60)
class ConvolutionTest {

    @Test
    void aFilterWithOneTapShiftsTheImage() {
        Convolution.Image image = new Convolution.Image(3, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        double[] identity = new double[16];
        identity[0] = 1;
        // Full output is 6x6; sampled at rows and columns 0 and 5: only (0,0) falls inside the image.
        double[] out = Convolution.convolve(image, identity);
        assertThat(out.length, is(4));
        assertThat(out[0], is(1.0));
        assertThat(out[3], is(0.0));
    }

    @Test
    void poolAndSerialAgree() {
        Convolution.Image image = Convolution.image(200, 42);
        List<double[]> filters = Convolution.filters(8, 7);
        try (WorkerPool<Convolution.Image> pool = WorkerPool.builder().jobs(2).sharedObjects(image).build()) {
            List<double[]> results = pool.map(Convolution.TASK, filters);
            for (int f = 0; f < filters.size(); f++) {
                double[] expected = Convolution.convolve(image, filters.get(f));
                for (int i = 0; i < expected.length; i++) {
                    assertThat(results.get(f)[i], closeTo(expected[i], 0));
                }
            }
        }
    }
}
