package org.mpire4j.dashboard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerPool;

/** A dashboard watching real pools (thread start method), read through its HTTP API. */
@Timeout(60)
class DashboardTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Released by the test to let the blocked tasks of a running map finish. */
    private static volatile CountDownLatch release;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Dashboard dashboard;

    @BeforeEach
    void start() {
        dashboard = Dashboard.start(0);
        release = new CountDownLatch(1);
    }

    @AfterEach
    void stop() {
        release.countDown();
        dashboard.close();
    }

    private static WorkerPool<Void> pool(Dashboard observer) {
        return WorkerPool.builder().jobs(2).startMethod("thread").enableInsights(true).observer(observer).build();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aRunningMapShowsItsProgressAndACompletedOneOneHundredPercent() throws Exception {
        // Tasks 0..9 return at once; 10..19 wait for the test, so the map sits part-way through.
        Task<Void, Integer, Integer> task = (ctx, x) -> {
            if (x >= 10 && !release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return x * 2;
        };
        try (WorkerPool<Void> pool = pool(dashboard)) {
            CompletableFuture<List<Integer>> result = CompletableFuture.supplyAsync(() -> pool.map(task, range(20)));

            String running = awaitMaps(json -> field(json, "state").equals("running")
                    && Long.parseLong(field(json, "done")) > 0);
            long done = Long.parseLong(field(running, "done"));
            assertThat(done, lessThan(20L));
            assertThat(field(running, "total"), is("20"));
            double percent = Double.parseDouble(field(running, "percent"));
            assertThat(percent, greaterThan(0.0));
            assertThat(percent, lessThan(100.0));
            assertThat(field(running, "pool"), not(is("")));
            assertThat(field(running, "startMethod"), is("thread"));
            assertThat(field(running, "jobs"), is("2"));
            assertThat(field(running, "error"), is("null"));

            release.countDown();
            assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).size(), is(20));
            String completed = awaitMaps(json -> field(json, "state").equals("completed"));
            assertThat(field(completed, "done"), is("20"));
            assertThat(field(completed, "total"), is("20"));
            assertThat(field(completed, "percent"), is("100"));
            assertThat(field(completed, "etaMillis"), is("0"));
            assertThat(completed, containsString("\"insights\":{\"completedTasks\":20,"));
            assertThat(completed, containsString("\"workers\":[{\"id\":0,"));
            assertThat(completed, containsString("\"running\":0,\"finished\":1"));
        }
    }

    @Test
    void aFailedMapShowsItsStackTraceEscaped() throws Exception {
        Task<Void, Integer, Integer> task = (ctx, x) -> {
            if (x == 3) {
                throw new IllegalArgumentException("bad \"task\" <script>alert(1)</script>");
            }
            return x;
        };
        try (WorkerPool<Void> pool = pool(dashboard)) {
            assertThrows(TaskFailedException.class, () -> pool.map(task, range(8)));
        }
        String failed = awaitMaps(json -> field(json, "state").equals("failed"));
        assertThat(failed, containsString("\"error\":{\"type\":"));
        assertThat(failed, containsString("IllegalArgumentException: bad \\\"task\\\" \\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
        assertThat(failed, containsString("at org.mpire4j.dashboard.DashboardTest.lambda$"));
        assertThat(failed, not(containsString("<script>")));
    }

    @Test
    void thePageIsSelfContainedAndPollsTheApi() throws Exception {
        HttpResponse<String> page = get(dashboard.uri());
        assertThat(page.statusCode(), is(200));
        assertThat(page.headers().firstValue("Content-Type").orElseThrow(), startsWith("text/html"));
        assertThat(page.body(), containsString("fetch(\"api/maps\""));
        assertThat(page.body(), containsString("setTimeout(poll, 500)"));
        assertThat(page.body(), not(containsString("http://")));
        assertThat(page.body(), not(containsString("https://")));
        assertThat(page.body(), not(containsString(" src=")));
        assertThat(get(dashboard.uri().resolve("/nothing")).statusCode(), is(404));
        String empty = maps();
        assertThat(empty, is("{\"now\":" + field(empty, "now") + ",\"running\":0,\"finished\":0,\"maps\":[]}"));
    }

    @Test
    void itListensOnTheLoopbackAddressOnly() throws Exception {
        assertThat(dashboard.address().getAddress().getHostAddress(), is("127.0.0.1"));
        assertThat(dashboard.uri().getHost(), is("127.0.0.1"));
        int port = dashboard.address().getPort();
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof Inet4Address) {
                    others.add(a);
                }
            }
        }
        assumeFalse(others.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        for (InetAddress other : others) {
            try (Socket socket = new Socket()) {
                assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress(other, port), 5000),
                        "the dashboard must not be reachable on " + other);
            }
        }
    }

    @Test
    void requestsForAnotherHostAreRefused() throws Exception {
        // A DNS-rebinding page would send its own host name: the dashboard answers 403.
        try (Socket socket = new Socket(dashboard.address().getAddress(), dashboard.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/maps HTTP/1.1\r\nHost: attacker.example:" + dashboard.address().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response, startsWith("HTTP/1.1 403"));
        }
    }

    @Test
    void closingStopsServing() throws Exception {
        URI uri = dashboard.uri();
        dashboard.close();
        dashboard.close(); // idempotent
        assertThrows(IOException.class, () -> get(uri));
    }

    @Test
    void aTakenPortIsReportedClearly() {
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Dashboard.start(dashboard.address().getPort()));
        assertThat(e.getMessage(), containsString("is the port taken?"));
        assertThrows(IllegalArgumentException.class, () -> Dashboard.start(70000));
    }

    // ---- helpers

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String maps() throws IOException, InterruptedException {
        HttpResponse<String> response = get(dashboard.uri().resolve("/api/maps"));
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElseThrow(), startsWith("application/json"));
        return response.body();
    }

    /** Polls {@code /api/maps} until the condition holds, for at most {@link #WAIT}. */
    private String awaitMaps(Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String json;
        do {
            json = maps();
            if (json.contains("\"id\":") && condition.test(json)) {
                return json;
            }
            LockSupport.parkNanos(20_000_000L); // poll interval, not synchronisation
        } while (System.nanoTime() < deadline);
        throw new AssertionError("condition not met within " + WAIT + "; last /api/maps: " + json);
    }

    /** The first value of a field, as raw JSON text (strings without their quotes). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]*)").matcher(json);
        if (!m.find()) {
            return "";
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }
}
