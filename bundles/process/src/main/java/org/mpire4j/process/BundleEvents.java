package org.mpire4j.process;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;

/**
 * Inside OSGi, ends idle worker processes when a bundle stops, is updated or goes away: their class path
 * may hold its jar, and an idle worker must never run code its bundle no longer has. Loaded only where
 * the framework classes exist; the listener goes with this bundle's context.
 */
final class BundleEvents {

    private static boolean listening;

    private BundleEvents() {
    }

    /** Starts listening, once per bundle life; does nothing outside OSGi. */
    static synchronized void listen() {
        if (listening) {
            return;
        }
        Bundle own = FrameworkUtil.getBundle(BundleEvents.class);
        BundleContext context = own == null ? null : own.getBundleContext();
        if (context == null) {
            return;
        }
        context.addBundleListener(event -> {
            switch (event.getType()) {
                case BundleEvent.STOPPED, BundleEvent.UPDATED, BundleEvent.UNRESOLVED, BundleEvent.UNINSTALLED ->
                        IdleWorkers.evictAll();
                default -> { }
            }
        });
        listening = true;
    }
}
