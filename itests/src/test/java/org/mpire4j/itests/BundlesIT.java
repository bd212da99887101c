package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** Every bundle the resolver chose for itest.bndrun resolves and starts. */
@ExtendWith(BundleContextExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BundlesIT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBundleIsActiveAndFragmentsAreResolved() {
        List<Bundle> bundles = Arrays.asList(context.getBundles());
        for (Bundle bundle : bundles) {
            boolean fragment = (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            assertThat(bundle.getSymbolicName() + " " + bundle.getVersion(), state(bundle.getState()),
                    is(fragment ? "RESOLVED" : "ACTIVE"));
        }
        assertThat(bundles.stream().map(Bundle::getSymbolicName).toList(), hasItems("org.mpire4j.api",
                "org.mpire4j.core", "org.mpire4j.thread", "org.mpire4j.examples", "org.apache.felix.scr"));
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "state " + state;
        };
    }
}
