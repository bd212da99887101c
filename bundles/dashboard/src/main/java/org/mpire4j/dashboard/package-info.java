/**
 * A web dashboard for mpire4j maps, MPIRE's {@code start_dashboard()}: one page on 127.0.0.1 that
 * lists running and finished maps with live progress, rate, ETA, insights and the stack trace of a
 * failed map.
 *
 * <p>Embedded, start a {@link org.mpire4j.dashboard.Dashboard} and give it to the pools to watch:
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(0)) {
 *     System.out.println("Dashboard at " + dashboard.uri());
 *     try (WorkerPool<Void> pool = WorkerPool.builder().observer(dashboard).build()) {
 *         pool.map(task, args);
 *     }
 * }
 * }</pre>
 *
 * <p>Inside OSGi the bundle starts one itself, on the port in the framework property
 * {@value org.mpire4j.dashboard.Dashboard#PORT_PROPERTY} (default: any free port), and registers it
 * as a {@link org.mpire4j.api.MapObserver} service, so every pool of the framework reports to it.
 */
@Export
@Version("1.0.0")
package org.mpire4j.dashboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
