package org.mpire4j.examples;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;

/**
 * MPIRE's numerical benchmark: one large image shared with every worker, many small filters as the
 * arguments. Each task convolves the image with its filter ("full" output, as SciPy's
 * {@code convolve2d(mode="full")}) and keeps every 5th row and column.
 */
public final class Convolution {

    /** Filters are this many rows and columns. */
    public static final int FILTER = 4;

    /** Every how many rows and columns the output is sampled. */
    public static final int STEP = 5;

    private Convolution() {
    }

    /**
     * A square image of doubles, row by row: the shared object.
     *
     * @param size rows and columns
     * @param pixels {@code size * size} values
     */
    public record Image(int size, double[] pixels) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** Checks the size. */
        public Image {
            if (pixels.length != (long) size * size) {
                throw new IllegalArgumentException("An image of size " + size + " needs " + (long) size * size
                        + " pixels, got " + pixels.length);
            }
        }
    }

    /** The task: convolves the pool's shared {@link Image} with one 4x4 filter. */
    public static final Task<Image, double[], double[]> TASK = Convolution::convolve;

    /**
     * A random image with a fixed seed.
     *
     * @param size rows and columns
     * @param seed the seed
     * @return the image
     */
    public static Image image(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] pixels = new double[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextDouble();
        }
        return new Image(size, pixels);
    }

    /**
     * Random 4x4 filters with a fixed seed.
     *
     * @param count how many
     * @param seed the seed
     * @return the filters, 16 values each, row by row
     */
    public static List<double[]> filters(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> filters = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            double[] filter = new double[FILTER * FILTER];
            for (int i = 0; i < filter.length; i++) {
                filter[i] = random.nextDouble() - 0.5;
            }
            filters.add(filter);
        }
        return filters;
    }

    private static double[] convolve(WorkerContext<? extends Image> context, double[] filter) {
        return convolve(context.shared(), filter);
    }

    /**
     * The full convolution of the image with the filter, every 5th row and column of it.
     *
     * @param image the image
     * @param filter a 4x4 filter
     * @return the sampled output, row by row ({@code ceil((size + 3) / 5)} squared values)
     */
    public static double[] convolve(Image image, double[] filter) {
        int n = image.size();
        int full = n + FILTER - 1;
        int sampled = (full + STEP - 1) / STEP;
        double[] pixels = image.pixels();
        double[] out = new double[sampled * sampled];
        for (int oi = 0; oi < sampled; oi++) {
            int i = oi * STEP;
            for (int oj = 0; oj < sampled; oj++) {
                int j = oj * STEP;
                double sum = 0;
                // out[i][j] = sum over (a, b) of image[i - a][j - b] * filter[a][b]
                for (int a = 0; a < FILTER; a++) {
                    int row = i - a;
                    if (row < 0 || row >= n) {
                        continue;
                    }
                    for (int b = 0; b < FILTER; b++) {
                        int col = j - b;
                        if (col >= 0 && col < n) {
                            sum += pixels[row * n + col] * filter[a * FILTER + b];
                        }
                    }
                }
                out[oi * sampled + oj] = sum;
            }
        }
        return out;
    }
}
