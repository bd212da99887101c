package org.mpire4j.launcher.internal;

import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Packed by {@link TestJars#demoBundle} into a tiny bundle that registers a demo command the way the
 * examples bundle does, so that {@link MainTest} can run {@code demo} in well under a second. Its
 * header {@code Test-Demo: fail} makes the demo throw.
 */
public final class DemoActivator implements BundleActivator, Runnable {

    static final String RAN_PROPERTY = "mpire.test.demo.ran";

    private boolean fail;

    @Override
    public void start(BundleContext context) {
        fail = "fail".equals(context.getBundle().getHeaders().get("Test-Demo"));
        context.registerService(Runnable.class, this, FrameworkUtil.asDictionary(Map.of("mpire.command", "demo")));
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }

    @Override
    public void run() {
        if (fail) {
            throw new IllegalStateException("the test demo fails on purpose");
        }
        System.setProperty(RAN_PROPERTY, "true");
    }
}
