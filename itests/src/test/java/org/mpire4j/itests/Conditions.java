package org.mpire4j.itests;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;

/**
 * Waits, bounded, for a condition on the framework's state: the condition is checked again on every
 * service and bundle event (no sleeping), and the wait ends at a deadline.
 */
final class Conditions {

    private Conditions() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param context the bundle context whose events wake the wait
     * @param timeout the longest to wait
     * @param condition what must become true
     * @return whether it became true in time
     * @throws InterruptedException if interrupted
     */
    static boolean await(BundleContext context, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Object monitor = new Object();
        AllServiceListener services = event -> wake(monitor);
        BundleListener bundles = event -> wake(monitor);
        context.addServiceListener(services);
        context.addBundleListener(bundles);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (monitor) {
                while (!condition.getAsBoolean()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
                return true;
            }
        } finally {
            context.removeServiceListener(services);
            context.removeBundleListener(bundles);
        }
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
