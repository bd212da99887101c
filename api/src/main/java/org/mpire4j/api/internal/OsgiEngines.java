package org.mpire4j.api.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** The OSGi half of {@link Engines}; its classes may be missing outside a framework. */
final class OsgiEngines {

    private OsgiEngines() {
    }

    static <T> T find(Class<T> type, String provider) {
        try {
            Bundle bundle = FrameworkUtil.getBundle(type);
            BundleContext context = bundle == null ? null : bundle.getBundleContext();
            if (context == null) {
                return null;
            }
            ServiceReference<T> ref = context.getServiceReference(type);
            if (ref == null) {
                throw new IllegalStateException("No " + type.getSimpleName() + " service in this framework: install"
                        + " and start the " + provider + " bundle and Felix SCR");
            }
            // The registry keeps the service for as long as the api bundle is active.
            return context.getService(ref);
        } catch (NoClassDefFoundError notInOsgi) {
            return null;
        }
    }
}
