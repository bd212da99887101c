package org.mpire4j.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.dashboard.internal.MapBoard;
import org.mpire4j.dashboard.internal.WebServer;

/**
 * A web page that shows maps as they run, MPIRE's dashboard. It serves, on 127.0.0.1 only:
 * <ul>
 * <li>{@code /}: one self-contained HTML page (no external resources) that polls the maps every
 * 500 ms and shows, per map, its pool, start method, workers, task, progress, rate, elapsed time, ETA,
 * state, insights, and the stack trace of a failed map;</li>
 * <li>{@code /api/maps}: the same as JSON.</li>
 * </ul>
 * It is a {@link MapObserver}: give it to the pools to watch with
 * {@link org.mpire4j.api.PoolBuilder#observer(MapObserver)}. Its observer methods only update memory
 * and never block on the server. It keeps every running map and the last
 * {@value #MAX_FINISHED} finished ones. Safe to use from several threads and pools at once.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(0);
 *         WorkerPool<Void> pool = WorkerPool.builder().jobs(4).observer(dashboard).build()) {
 *     System.out.println("Watch at " + dashboard.uri());
 *     pool.map(task, args);
 * }
 * }</pre>
 */
public final class Dashboard implements MapObserver, AutoCloseable {

    /**
     * The framework (or system) property with the port of the dashboard the OSGi bundle starts, or
     * {@value #OFF} for none.
     */
    public static final String PORT_PROPERTY = "mpire.dashboard.port";

    /** The value of {@link #PORT_PROPERTY} that starts no dashboard (the launcher's {@code list} uses it). */
    public static final String OFF = "off";

    /** How many finished maps it keeps; older ones are forgotten. */
    public static final int MAX_FINISHED = 100;

    private final MapBoard board;
    private final WebServer server;

    private Dashboard(MapBoard board, WebServer server) {
        this.board = board;
        this.server = server;
    }

    /**
     * Starts a dashboard listening on 127.0.0.1 (and nowhere else).
     *
     * @param port the TCP port, or 0 for any free one (see {@link #uri()})
     * @return the running dashboard; close it to stop serving
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws UncheckedIOException if the port cannot be bound (for example because it is taken)
     */
    public static Dashboard start(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535 (0 for any free port), was " + port);
        }
        MapBoard board = new MapBoard(MAX_FINISHED);
        InetSocketAddress address = new InetSocketAddress(loopback(), port);
        try {
            return new Dashboard(board, WebServer.start(address, board));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the dashboard on " + address.getAddress().getHostAddress()
                    + ":" + port + (port == 0 ? "" : " (is the port taken? pass 0 for any free port)"), e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // cannot happen: the address has four bytes
        }
    }

    /**
     * Where the page is.
     *
     * @return {@code http://127.0.0.1:<port>/}
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    }

    /**
     * The address the server listens on.
     *
     * @return 127.0.0.1 and the port
     */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void started(MapInfo map) {
        board.started(map);
    }

    @Override
    public void progressed(long mapId, long done, long total) {
        board.progressed(mapId, done, total);
    }

    @Override
    public void finished(long mapId, Throwable error, PoolInsights insights) {
        board.finished(mapId, error, insights);
    }

    /** Stops serving, at once; open connections are closed. Idempotent. */
    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "Dashboard[" + uri() + "]";
    }
}
