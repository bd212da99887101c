package org.mpire4j.dashboard.internal;

import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.dashboard.Dashboard;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The dashboard inside OSGi: starts a {@link Dashboard} on the port in the framework property
 * {@value Dashboard#PORT_PROPERTY} (default 0, any free port; {@value Dashboard#OFF}: none), prints its
 * address on standard error,
 * and registers as a {@link MapObserver} service, so the engine reports every pool's maps to it.
 * Closes it when deactivated.
 */
@Component(service = MapObserver.class, immediate = true)
public final class DashboardComponent implements MapObserver {

    private static final System.Logger LOG = System.getLogger(DashboardComponent.class.getName());

    private volatile Dashboard dashboard;

    /** Creates the component. */
    public DashboardComponent() {
    }

    @Activate
    void activate(BundleContext context) {
        String value = context.getProperty(Dashboard.PORT_PROPERTY);
        if (value != null && value.strip().equalsIgnoreCase(Dashboard.OFF)) {
            return; // asked for none: observe nothing, print nothing
        }
        int port = port(value);
        Dashboard started = Dashboard.start(port);
        dashboard = started;
        // Standard error, like the launcher's other messages: standard output stays free for results.
        System.err.println("mpire4j dashboard: " + started.uri());
        LOG.log(System.Logger.Level.DEBUG, "mpire4j dashboard serving at {0}", started.uri());
    }

    @Deactivate
    void deactivate() {
        Dashboard running = dashboard;
        dashboard = null;
        if (running != null) {
            running.close();
        }
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 0xFFFF) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(Dashboard.PORT_PROPERTY + " must be a port number 0..65535 "
                + "(0 for any free port) or " + Dashboard.OFF + ", was '" + value + "'");
    }

    @Override
    public void started(MapInfo map) {
        Dashboard d = dashboard;
        if (d != null) {
            d.started(map);
        }
    }

    @Override
    public void progressed(long mapId, long done, long total) {
        Dashboard d = dashboard;
        if (d != null) {
            d.progressed(mapId, done, total);
        }
    }

    @Override
    public void finished(long mapId, Throwable error, PoolInsights insights) {
        Dashboard d = dashboard;
        if (d != null) {
            d.finished(mapId, error, insights);
        }
    }

    @Override
    public String toString() {
        Dashboard d = dashboard;
        return d == null ? "mpire4j dashboard (stopped)" : d.toString();
    }
}
