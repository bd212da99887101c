package org.mpire4j.api.internal;

import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** The OSGi half of {@link Engines}; its classes may be missing outside a framework. */
final class OsgiEngines {

    private OsgiEngines() {
    }

    static WorkerPoolFactory find() {
        try {
            Bundle bundle = FrameworkUtil.getBundle(WorkerPoolFactory.class);
            BundleContext context = bundle == null ? null : bundle.getBundleContext();
            if (context == null) {
                return null;
            }
            ServiceReference<WorkerPoolFactory> ref = context.getServiceReference(WorkerPoolFactory.class);
            if (ref == null) {
                throw new IllegalStateException("No WorkerPoolFactory service in this framework: install and start"
                        + " the org.mpire4j.core bundle and Felix SCR");
            }
            // The registry keeps the service for as long as the api bundle is active; pools hold it.
            return context.getService(ref);
        } catch (NoClassDefFoundError notInOsgi) {
            return null;
        }
    }
}
