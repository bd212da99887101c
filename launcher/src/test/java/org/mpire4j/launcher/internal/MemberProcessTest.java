package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.WorkerPool;

/**
 * {@code java -jar launcher.jar member}: three members, each its own JVM running the distribution
 * (a copy of target/dist) on a free loopback port, form one cluster named for this run only; the
 * first starts alone, the other two join it. {@code run --start-method hazelcast} then maps over
 * them from a fourth JVM, the caller, with its own copy of the distribution. Members run with
 * {@code --die-with-parent}: none outlives this JVM, and {@link #stopMembers()} kills them anyway.
 * Only JVM options the launcher needs are passed: Hazelcast's opens come from launcher.jar's
 * manifest. Every wait is bounded.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberProcessTest {

    private static final int MEMBERS = 3;
    private static final String CLUSTER = "mpire4j-launcher-test-" + UUID.randomUUID();
    private static final long READY_WAIT_S = 150;
    private static final long RUN_WAIT_S = 150;

    /** Every process this class started, members and commands: killed at the end whatever happens. */
    private static final List<Process> processes = new CopyOnWriteArrayList<>();
    private static final List<Process> members = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static final List<CompletableFuture<String>> afterReady = new ArrayList<>();
    private static String memberList;

    /** The members' distribution: one copy for all three, each with its own framework cache. */
    @TempDir
    static Path memberHome;

    /** The caller's distribution: only it has what a test adds to its deploy/. */
    @TempDir
    static Path callerHome;

    @TempDir
    static Path scratch;

    private static Path logs;

    @BeforeAll
    static void startMembers() throws Exception {
        copyDistribution(memberHome);
        copyDistribution(callerHome);
        logs = Files.createDirectories(Path.of("target", "launcher-members"));
        for (int i = 0; i < MEMBERS; i++) {
            ports.add(freePort());
        }
        memberList = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        long t0 = System.nanoTime();
        // The first member forms the cluster alone; the others join it, in parallel.
        List<CompletableFuture<String>> ready = new ArrayList<>();
        ready.add(startMember("member-0", CLUSTER, ports.get(0), "127.0.0.1:" + ports.get(0)));
        awaitReady(ready.get(0), "member-0");
        long t1 = System.nanoTime();
        for (int i = 1; i < MEMBERS; i++) {
            ready.add(startMember("member-" + i, CLUSTER, ports.get(i),
                    "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(i)));
        }
        for (int i = 1; i < MEMBERS; i++) {
            awaitReady(ready.get(i), "member-" + i);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < MEMBERS; i++) {
            assertThat(ready.get(i).get(), is("mpire4j member ready [127.0.0.1]:" + ports.get(i)));
        }
        System.err.printf("launcher members: first ready in %d ms, %d more joined in %d ms%n",
                (t1 - t0) / 1_000_000, MEMBERS - 1, (t2 - t1) / 1_000_000);
    }

    @AfterAll
    static void stopMembers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void copyDistribution(Path home) throws IOException {
        Path dist = TestJars.dist();
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : files.toList()) {
                Path target = home.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!dist.relativize(source).toString().startsWith(Launcher.CACHE)) {
                    Files.copy(source, target);
                }
            }
        }
        Files.createDirectories(home.resolve(Launcher.DEPLOY));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code java [options] -jar launcher.jar COMMAND ARGS --home HOME}, as a user runs it. */
    private static ProcessBuilder launcher(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                // small and quick to start: five JVMs share the machine
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", home.resolve("launcher.jar").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--home", home.toString()));
        return new ProcessBuilder(command);
    }

    /**
     * Starts {@code launcher.jar member --die-with-parent}; standard error goes to
     * target/launcher-members/NAME.log.
     *
     * @return completes with the ready line, or exceptionally when standard output ends without one
     */
    private static CompletableFuture<String> startMember(String name, String cluster, int port, String join)
            throws IOException {
        Process process = launcher(memberHome, "member", "--cluster", cluster, "--port", Integer.toString(port),
                "--members", join, "--die-with-parent")
                .redirectError(logs.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        if (cluster.equals(CLUSTER)) {
            members.add(process);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        CompletableFuture<String> rest = new CompletableFuture<>();
        afterReady.add(rest);
        Thread.ofPlatform().daemon(true).name("stdout-" + name).start(() -> {
            StringBuilder more = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    if (!ready.isDone() && line.startsWith(Main.MEMBER_READY)) {
                        ready.complete(line);
                    } else {
                        more.append(line).append('\n');
                    }
                }
            } catch (IOException closed) {
                // a destroyed process's stream closes under the reader: its end too
            }
            ready.completeExceptionally(new IOException(name + " ended before it was ready; standard output: '" + more
                    + "'; see " + logs.toAbsolutePath().resolve(name + ".log")));
            rest.complete(more.toString());
        });
        return ready;
    }

    private static void awaitReady(CompletableFuture<String> ready, String name) throws Exception {
        try {
            ready.get(READY_WAIT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(name + " not ready within " + READY_WAIT_S + " s; see "
                    + logs.toAbsolutePath().resolve(name + ".log"), e);
        }
    }

    /** Runs a launcher command to its end: exit code, stdout, stderr. */
    private record Result(int exit, String out, String err) {
    }

    private static Result run(Path home, String stdin, String... args) throws Exception {
        Process process = launcher(home, args).start();
        processes.add(process);
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat("the command ends: " + List.of(args), process.waitFor(RUN_WAIT_S, TimeUnit.SECONDS), is(true));
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException closed) {
                text.complete("");
            }
        });
        return text;
    }

    /** {@code run TASK --start-method hazelcast} over the members, from the caller's distribution. */
    private static Result runOnMembers(String stdin, String task, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", task, "--start-method", "hazelcast", "--jobs", "3",
                "--option", "members=" + memberList, "--option", "clusterName=" + CLUSTER));
        args.addAll(List.of(more));
        return run(callerHome, stdin, args.toArray(String[]::new));
    }

    private static String lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "line " + i + " " + "word ".repeat(i % 7)).collect(
                Collectors.joining("\n", "", "\n"));
    }

    @Test
    @Order(1)
    void theThreeMembersFormOneClusterAndPrintNothingElse() throws Exception {
        ClientConfig config = new ClientConfig();
        config.setClusterName(CLUSTER);
        config.setInstanceName("launcher-test-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        try {
            Set<Member> cluster = client.getCluster().getMembers();
            assertThat(cluster.size(), is(MEMBERS));
            assertThat(cluster.stream().map(m -> m.getAddress().getPort()).collect(Collectors.toSet()),
                    is(Set.copyOf(ports)));
        } finally {
            client.shutdown();
        }
        for (int i = 0; i < MEMBERS; i++) {
            assertThat("member-" + i + " still runs", members.get(i).isAlive(), is(true));
            assertThat("member-" + i + " printed only the ready line so far", afterReady.get(i).getNow(""), is(""));
        }
    }

    @Test
    @Order(2)
    void aTaskOfTheDistributionRunsOnTheMembersAsOnThreads() throws Exception {
        String input = lines(40);
        for (String task : List.of("word-count", "upper")) {
            Result threads = run(callerHome, input, "run", task, "--start-method", "thread", "--jobs", "3");
            assertThat(threads.err(), threads.exit(), is(0));
            Result cluster = runOnMembers(input, task);
            assertThat(cluster.err(), cluster.exit(), is(0));
            assertThat(cluster.out(), is(threads.out()));
        }
    }

    @Test
    @Order(3)
    void aTaskBundleOnlyTheCallerHasRunsOnTheMembers() throws Exception {
        Path jar = TestJars.taskBundle(scratch.resolve("only-here.jar"), "caller.only", "5", "caller-only", scratch);
        Files.copy(jar, callerHome.resolve(Launcher.DEPLOY).resolve("only-here.jar"));
        assertThat("the members do not have it", Files.exists(memberHome.resolve(Launcher.DEPLOY).resolve("only-here.jar")),
                is(false));
        String input = lines(30);
        Result cluster = runOnMembers(input, "caller-only");
        assertThat(cluster.err(), cluster.exit(), is(0));
        assertThat(cluster.out(), is(input.lines().map(line -> "v5:" + line + System.lineSeparator())
                .collect(Collectors.joining())));

        // Replaced on the caller: the members run the new version (a new jar, so a new class loader there).
        Path v6 = TestJars.taskBundle(scratch.resolve("only-here-6.jar"), "caller.only", "6", "caller-only", scratch);
        Files.copy(v6, callerHome.resolve(Launcher.DEPLOY).resolve("only-here.jar"), StandardCopyOption.REPLACE_EXISTING);
        Result replaced = runOnMembers(input, "caller-only");
        assertThat(replaced.err(), replaced.exit(), is(0));
        assertThat(replaced.out(), is(input.lines().map(line -> "v6:" + line + System.lineSeparator())
                .collect(Collectors.joining())));
    }

    @Test
    @Order(4)
    void aJavaApiCallerOnAPlainClassPathRunsItsLambdaOnLauncherMembers() {
        // This JVM is such a caller: api, engine and start methods on its class path, no framework. Neither the
        // engine's worker loop nor this lambda's class is in the members' bundles; both must reach them.
        Set<Long> memberPids = members.stream().map(Process::pid).collect(Collectors.toSet());
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(MEMBERS).startMethod("hazelcast")
                .startMethodOption("members", memberList).startMethodOption("clusterName", CLUSTER).build()) {
            List<String> results = pool.map((ctx, x) -> "plain:" + x * x + "@" + ProcessHandle.current().pid(),
                    List.of(1, 2, 3, 4, 5, 6), MapOptions.defaults().chunkSize(1));
            assertThat(results.stream().map(r -> r.substring(0, r.indexOf('@'))).toList(),
                    is(List.of("plain:1", "plain:4", "plain:9", "plain:16", "plain:25", "plain:36")));
            Set<Long> ranOn = results.stream().map(r -> Long.parseLong(r.substring(r.indexOf('@') + 1)))
                    .collect(Collectors.toSet());
            assertThat("the tasks ran in the members " + memberPids, memberPids.containsAll(ranOn), is(true));
        }
    }

    @Test
    @Order(5)
    void badOptionsExitWithStatusTwoNamingTheValue() throws Exception {
        Result port = run(memberHome, "", "member", "--port", "70000", "--die-with-parent");
        assertThat(port.exit(), is(Main.USAGE));
        assertThat(port.err(), allOf(containsString("--port"), containsString("'70000'")));
        assertThat(port.out(), is(""));

        Result join = run(memberHome, "", "member", "--members", "127.0.0.1:" + ports.get(0) + ",127.0.0.1:http",
                "--die-with-parent");
        assertThat(join.exit(), is(Main.USAGE));
        assertThat(join.err(), allOf(containsString("--members"), containsString("'127.0.0.1:http'")));

        // The start method rejects its options before it connects to anything.
        Result unknown = runOnMembers("x\n", "upper", "--option", "colour=blue");
        assertThat(unknown.exit(), is(Main.USAGE));
        assertThat(unknown.err(), allOf(containsString("'colour'"), containsString("--option")));

        Result malformed = run(callerHome, "x\n", "run", "upper", "--start-method", "hazelcast",
                "--option", "members=not a member");
        assertThat(malformed.exit(), is(Main.USAGE));
        assertThat(malformed.err(), containsString("'not a member'"));
    }

    @Test
    @Order(6)
    void aMemberEndsWhenItsStandardInputEndsAndOnSigterm() throws Exception {
        // Two members of clusters of their own, so that the three above stay as they are.
        int orphanPort = freePort();
        int termPort = freePort();
        CompletableFuture<String> orphanReady = startMember("orphan", CLUSTER + "-orphan", orphanPort,
                "127.0.0.1:" + orphanPort);
        Process orphan = processes.getLast();
        CompletableFuture<String> termReady = startMember("sigterm", CLUSTER + "-sigterm", termPort,
                "127.0.0.1:" + termPort);
        Process term = processes.getLast();
        awaitReady(orphanReady, "orphan");
        awaitReady(termReady, "sigterm");

        orphan.getOutputStream().close(); // what the parent's end does to the pipe
        // SIGTERM only (Process.destroy would close standard input too): the launcher's shutdown hook
        // stops the framework, which shuts the member down.
        assertThat(term.toHandle().destroy(), is(true));
        assertThat("--die-with-parent: the member ends with its standard input", orphan.waitFor(60, TimeUnit.SECONDS),
                is(true));
        assertThat(orphan.exitValue(), is(0));
        assertThat("its framework cache is gone with it",
                Files.exists(memberHome.resolve(Launcher.CACHE + "-member-127.0.0.1-" + orphanPort)), is(false));
        assertThat("the member ends on SIGTERM", term.waitFor(60, TimeUnit.SECONDS), is(true));
        assertThat("ended by the signal, after its shutdown hooks", term.exitValue(), is(128 + 15));
        for (int i = 0; i < MEMBERS; i++) {
            assertThat("member-" + i + " still runs", members.get(i).isAlive(), is(true));
        }
    }
}
