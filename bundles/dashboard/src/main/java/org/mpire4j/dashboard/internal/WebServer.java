package org.mpire4j.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server: the JDK's {@link HttpServer} on two daemon threads, serving the page
 * and the JSON. It answers only requests whose {@code Host} is the loopback address or
 * {@code localhost}, so that a web site cannot read it through DNS rebinding.
 */
public final class WebServer {

    private static final System.Logger LOG = System.getLogger(WebServer.class.getName());
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final MapBoard board;
    private final byte[] page = Page.HTML.getBytes(StandardCharsets.UTF_8);
    private final AtomicBoolean stopped = new AtomicBoolean();

    private WebServer(HttpServer server, ExecutorService executor, MapBoard board) {
        this.server = server;
        this.executor = executor;
        this.board = board;
    }

    /**
     * Binds the address and starts serving.
     *
     * @param address where to listen
     * @param board what to show
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static WebServer start(InetSocketAddress address, MapBoard board) throws IOException {
        HttpServer server = HttpServer.create(address, 32);
        int number = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mpire4j-dashboard-" + number + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WebServer web = new WebServer(server, executor, board);
        server.setExecutor(executor);
        server.createContext("/", web::handle);
        server.start();
        return web;
    }

    /**
     * The address the server listens on.
     *
     * @return the bound address and port
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops at once; idempotent. */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!allowedHost(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", "Forbidden: unexpected Host header\n".getBytes(StandardCharsets.UTF_8));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "Method not allowed\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/index.html")) {
                send(exchange, 200, "text/html", page);
            } else if (path.equals("/api/maps")) {
                send(exchange, 200, "application/json", board.json().getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "text/plain", ("Not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Dashboard request failed", e);
        }
    }

    private boolean allowedHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 clients, not a browser
        }
        String h = host.toLowerCase(Locale.ROOT);
        int port = address().getPort();
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port)
                || h.equals("127.0.0.1") || h.equals("localhost");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type + "; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
