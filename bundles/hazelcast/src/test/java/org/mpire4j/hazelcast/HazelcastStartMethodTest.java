package org.mpire4j.hazelcast;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.MpireException;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerTimeoutException;

/**
 * The {@code hazelcast} start method against three members, each its own JVM on loopback, joined
 * by TCP-IP in a cluster named for this run only.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastStartMethodTest {

    private static final int MEMBERS = 3;
    private static final String CLUSTER = "mpire4j-test-" + UUID.randomUUID();
    private static final List<Process> members = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static String memberList;

    @BeforeAll
    static void startMembers() throws Exception {
        for (int i = 0; i < MEMBERS; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
        memberList = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        Path logs = Files.createDirectories(Path.of("target", "hazelcast-members"));
        long t0 = System.nanoTime();
        // The first member forms the cluster alone; the others join it, in parallel.
        Process first = startMember(0, "127.0.0.1:" + ports.get(0), logs);
        awaitReady(first, 0);
        long t1 = System.nanoTime();
        List<Process> rest = new ArrayList<>();
        for (int i = 1; i < MEMBERS; i++) {
            rest.add(startMember(i, "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(i), logs));
        }
        for (int i = 1; i < MEMBERS; i++) {
            awaitReady(rest.get(i - 1), i);
        }
        long t2 = System.nanoTime();
        System.err.printf("hazelcast members: first up in %d ms, %d more joined in %d ms%n",
                (t1 - t0) / 1_000_000, MEMBERS - 1, (t2 - t1) / 1_000_000);
    }

    private static Process startMember(int index, String join, Path logs) throws IOException {
        Process p = new ProcessBuilder(java(Member.class, "--cluster", CLUSTER, "--port", Integer.toString(ports.get(index)),
                "--members", join, "--die-with-parent")).redirectError(logs.resolve("member-" + index + ".log").toFile()).start();
        members.add(p);
        return p;
    }

    /** The command line that runs a main class of this module's test class path, with Hazelcast's JVM options. */
    private static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : System.getProperty("mpire4j.hazelcast.jvmArgs", "").split("\\s+")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitReady(Process member, int index) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null;) {
            if (line.startsWith("mpire4j member ready")) {
                return;
            }
        }
        throw new IOException("Member " + index + " ended before it was ready; see target/hazelcast-members/member-"
                + index + ".log" + File.separator);
    }

    @AfterAll
    static void stopMembers() {
        for (Process p : members) {
            p.destroyForcibly();
        }
    }

    private static PoolBuilder<Void> pool(int jobs) {
        return WorkerPool.builder().jobs(jobs).startMethod("hazelcast").startMethodOption("members", memberList)
                .startMethodOption("clusterName", CLUSTER);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    @Order(1)
    void aMapOverTheMembersMatchesTheThreadStartMethodInOrder() {
        List<String> expected;
        try (WorkerPool<Void> threads = WorkerPool.builder().jobs(3).startMethod("thread").build()) {
            expected = threads.map((ctx, x) -> x + ":" + Integer.toHexString(x * 31), range(300),
                    MapOptions.defaults().chunkSize(7));
        }
        try (WorkerPool<Void> pool = pool(3).build()) {
            List<String> results = pool.map((ctx, x) -> x + ":" + Integer.toHexString(x * 31), range(300),
                    MapOptions.defaults().chunkSize(7));
            assertThat(results, is(expected));
            // Every member ran workers: worker i lives on member i mod 3.
            List<Long> pids = pool.map((ctx, x) -> ProcessHandle.current().pid(), range(60), MapOptions.defaults().chunkSize(1));
            Set<Long> memberPids = members.stream().map(Process::pid).collect(Collectors.toSet());
            assertThat(new HashSet<>(pids), is(memberPids));
        }
    }

    @Test
    @Order(2)
    void workerStateLivesOnTheMemberAndExitResultsComeBack() {
        try (WorkerPool<Void> pool = pool(3).build()) {
            List<Integer> results = pool.map((ctx, x) -> {
                ctx.state().merge("tasks", 1, (a, b) -> (Integer) a + (Integer) b);
                return x * 2;
            }, range(100), MapOptions.<Void>defaults().chunkSize(3).workerInit(ctx -> ctx.state().put("tasks", 0))
                    .workerExit(ctx -> ctx.state().get("tasks")));
            assertThat(results, is(range(100).stream().map(x -> x * 2).toList()));
            int sum = pool.exitResults().stream().mapToInt(o -> (Integer) o).sum();
            assertThat(sum, is(100));
        }
    }

    @Test
    @Order(2)
    void aTaskErrorComesBackWithTheMembersStackTraceAndATimeoutFailsTheMap() {
        try (WorkerPool<Void> pool = pool(3).build()) {
            TaskFailedException failed = assertThrows(TaskFailedException.class, () -> pool.map((ctx, x) -> {
                if (x == 42) {
                    throw new IllegalStateException("no " + x + " on pid " + ProcessHandle.current().pid());
                }
                return x;
            }, range(100), MapOptions.defaults().chunkSize(4)));
            assertThat(failed.argument(), is(42));
            assertThat(failed.getCause(), instanceOf(IllegalStateException.class));
            long memberPid = Long.parseLong(failed.getCause().getMessage().replaceAll(".* pid ", ""));
            assertThat(members.stream().map(Process::pid).toList().contains(memberPid), is(true));
            // The stack trace is the member's: it runs through the task's lambda in this test class.
            assertThat(Arrays.stream(failed.getCause().getStackTrace()).anyMatch(
                    f -> f.getClassName().equals(HazelcastStartMethodTest.class.getName())), is(true));

            WorkerTimeoutException timedOut = assertThrows(WorkerTimeoutException.class, () -> pool.map((ctx, x) -> {
                if (x == 7) {
                    new CountDownLatch(1).await();
                }
                return x;
            }, range(20), MapOptions.defaults().chunkSize(1).taskTimeout(Duration.ofMillis(500))));
            assertThat(timedOut.timeout(), is(Duration.ofMillis(500)));
            assertThat(pool.map((ctx, x) -> x + 1, range(10)), is(range(10).stream().map(x -> x + 1).toList()));
        }
    }

    @Test
    @Order(2)
    void aClusterThatIsNotThereFailsTheMapAndBadOptionsFailBuildNamingWhatIsWrong() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = s.getLocalPort();
        }
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(1).startMethod("hazelcast")
                .startMethodOption("members", "127.0.0.1:" + nobody).startMethodOption("connectTimeoutSeconds", "2")
                .build()) {
            MpireException e = assertThrows(MpireException.class, () -> pool.map((ctx, x) -> x, range(3)));
            assertThat(e.getMessage(), allOf(containsString("Cannot connect to Hazelcast cluster 'mpire4j'"),
                    containsString("127.0.0.1:" + nobody), containsString("within 2 s")));
        }
        // Bad options fail build(), the line that made the pool, not its first map.
        for (String[] bad : List.of(new String[] {"connectTimeoutSeconds", "0"}, new String[] {"members", "127.0.0.1:http"},
                new String[] {"colour", "blue"}, new String[] {"members", " "})) {
            PoolBuilder<Void> builder = pool(1).startMethodOption(bad[0], bad[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertThat(e.getMessage(), containsString(bad[0].equals("colour") ? "Unknown option 'colour'"
                    : bad[1].isBlank() ? "needs option members" : "was '" + bad[1] + "'"));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    @Order(2)
    void anUnreachableClusterCostsAPoolOneConnectTimeoutNotOnePerWorker() throws Exception {
        int timeout = 3;
        int jobs = 3;
        String nobody = "127.0.0.1:" + freeLoopbackPort();
        long t0 = System.nanoTime();
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(jobs).startMethod("hazelcast").startMethodOption("members", nobody)
                .startMethodOption("connectTimeoutSeconds", Integer.toString(timeout)).build()) {
            MpireException first = assertThrows(MpireException.class, () -> pool.map((ctx, x) -> x, range(6)));
            double firstSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(first.getMessage(), allOf(containsString("Cannot connect to Hazelcast cluster"),
                    containsString(nobody), containsString("within " + timeout + " s")));
            // A later map tries again (the cluster may be up by then), once again for all its workers.
            long t1 = System.nanoTime();
            MpireException second = assertThrows(MpireException.class, () -> pool.map((ctx, x) -> x, range(6)));
            double secondSeconds = (System.nanoTime() - t1) / 1e9;
            assertThat(second.getMessage(), containsString("within " + timeout + " s"));
            System.err.printf("unreachable cluster, %d jobs, connectTimeoutSeconds=%d: first map failed after %.1f s,"
                    + " second after %.1f s%n", jobs, timeout, firstSeconds, secondSeconds);
            // One attempt per map, not one per worker (that was jobs x timeout).
            assertThat("first map failed after " + firstSeconds + " s", firstSeconds < 2 * timeout, is(true));
            assertThat("second map failed after " + secondSeconds + " s", secondSeconds < 2 * timeout, is(true));
            assertThat("second map tried to connect again: " + secondSeconds + " s", secondSeconds > timeout * 0.8, is(true));
        }
        double total = (System.nanoTime() - t0) / 1e9;
        assertThat("two maps and close took " + total + " s", total < 4 * timeout, is(true));
    }

    @Test
    @Order(2)
    void aPoolConnectingToAnUnreachableClusterDoesNotHoldUpPoolsOnOtherClusters() throws Exception {
        // A "cluster" that accepts connections and drops them: its client retries until its timeout,
        // and the first accept tells that it is connecting.
        CountDownLatch connecting = new CountDownLatch(1);
        try (ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().name("black-hole").start(() -> {
                try {
                    while (true) {
                        blackHole.accept().close();
                        connecting.countDown();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            int timeout = 20; // far beyond what the other pool needs to connect, even on a loaded machine
            try (WorkerPool<Void> stuck = WorkerPool.builder().jobs(1).startMethod("hazelcast")
                    .startMethodOption("members", "127.0.0.1:" + blackHole.getLocalPort())
                    .startMethodOption("connectTimeoutSeconds", Integer.toString(timeout)).build();
                    // One member only: a cluster key of its own, so this pool needs a new client too.
                    WorkerPool<Void> other = WorkerPool.builder().jobs(2).startMethod("hazelcast")
                    .startMethodOption("members", "127.0.0.1:" + ports.get(1)).startMethodOption("clusterName", CLUSTER)
                    .build()) {
                java.util.concurrent.CompletableFuture<List<Integer>> stuckMap = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> stuck.map((ctx, x) -> x, range(3)));
                assertThat("the stuck pool's client reached the black hole", connecting.await(60, TimeUnit.SECONDS), is(true));
                long t0 = System.nanoTime();
                assertThat(other.map((ctx, x) -> x * 2, range(10)), is(range(10).stream().map(x -> x * 2).toList()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                boolean stuckDone = stuckMap.isDone();
                System.err.printf("map on a live cluster while another pool connects to a black hole: %.1f s%n", seconds);
                assertThat("the live cluster's map waited for the other pool's connect (" + seconds + " s)", stuckDone,
                        is(false));
                ExecutionException e = assertThrows(ExecutionException.class, () -> stuckMap.get(120, TimeUnit.SECONDS));
                assertThat(e.getCause().getMessage(), containsString("within " + timeout + " s"));
            }
            blackHole.close();
            acceptor.join(10_000);
        }
    }

    /** A shared object that counts, in each JVM, how often it is serialized and deserialized there. */
    static final class Counted implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger SERIALIZED = new AtomicInteger();
        static final ConcurrentHashMap<String, AtomicInteger> DESERIALIZED = new ConcurrentHashMap<>();
        final String id = UUID.randomUUID().toString();
        final int[] payload = new int[1000];

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            SERIALIZED.incrementAndGet();
            out.defaultWriteObject();
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    @Order(3)
    void sharedObjectsAreSentOncePerMemberNotPerWorkerOrTask() {
        Counted.SERIALIZED.set(0);
        try (WorkerPool<Counted> pool = pool(6).sharedObjects(new Counted()).build()) {
            // Each task answers with its member's pid and how often that member decoded these shared objects.
            List<long[]> seen = pool.map((ctx, x) -> new long[] {ProcessHandle.current().pid(),
                    Counted.DESERIALIZED.get(ctx.shared().id).get(), ctx.shared().payload.length},
                    range(200), pool.options().chunkSize(1));
            Map<Long, Long> copiesByMember = new HashMap<>();
            for (long[] s : seen) {
                copiesByMember.merge(s[0], s[1], Math::max);
                assertThat(s[2], is(1000L));
            }
            // Six workers on three members: encoded once here, decoded once on each member.
            assertThat(copiesByMember.keySet(), is(members.stream().map(Process::pid).collect(Collectors.toSet())));
            assertThat(Set.copyOf(copiesByMember.values()), is(Set.of(1L)));
            assertThat(Counted.SERIALIZED.get(), is(1));
        }
    }

    @Test
    @Order(3)
    void aTimedOutApplyIsInterruptedOnItsMemberAndTheWorkerLivesOn() throws Exception {
        try (WorkerPool<Void> pool = pool(1).keepAlive(true).build()) {
            Task<Void, Integer, String> countThenMaybeBlock = (ctx, block) -> {
                int n = (Integer) ctx.state().merge("calls", 1, (a, b) -> (Integer) a + (Integer) b);
                if (block == 1) {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }
                return ProcessHandle.current().pid() + "/" + n;
            };
            String first = pool.apply(countThenMaybeBlock, 0);
            ExecutionException timedOut = assertThrows(ExecutionException.class, () -> pool.applyAsync(countThenMaybeBlock, 1,
                    MapOptions.<Void>defaults().taskTimeout(Duration.ofMillis(500))).get(60, TimeUnit.SECONDS));
            assertThat(timedOut.getCause(), instanceOf(WorkerTimeoutException.class));
            String third = pool.apply(countThenMaybeBlock, 0);
            // Same member process, same worker state: the worker was interrupted, not killed and replaced.
            assertThat(third, is(first.substring(0, first.indexOf('/')) + "/3"));
        }
    }

    @Test
    @Order(4)
    void killingAMemberMidMapFailsTheMapNamingTheMember() throws Exception {
        try (WorkerPool<Void> pool = pool(3).build()) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map((ctx, x) -> {
                if (x == 5) {
                    // What an operator's kill -9 does to the member running this task.
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    new CountDownLatch(1).await();
                }
                return x;
            }, range(30), MapOptions.defaults().chunkSize(1)));
            int dead = -1;
            for (int i = 0; i < MEMBERS; i++) {
                if (members.get(i).waitFor(i == MEMBERS - 1 ? 30 : 0, TimeUnit.SECONDS)) {
                    dead = i;
                    break;
                }
            }
            assertThat("a member died", dead >= 0, is(true));
            assertThat(e.getMessage(), containsString("member [127.0.0.1]:" + ports.get(dead) + " left"));
            System.err.println("killed member's map failed with: " + e.getMessage());
        }
    }

    @Test
    @Order(5)
    void withRetriesTheChunksLostWithAKilledMemberAreReRunOnTheOthers() throws Exception {
        // A fourth member for this test alone: it is killed by the first task that runs on it.
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process extra = new ProcessBuilder(java(Member.class, "--cluster", CLUSTER, "--port", Integer.toString(port),
                "--members", memberList + ",127.0.0.1:" + port, "--die-with-parent"))
                .redirectError(Path.of("target", "hazelcast-members", "member-extra.log").toFile()).start();
        try {
            awaitReady(extra, 3);
            long doomed = extra.pid();
            List<Integer> args = range(300);
            try (WorkerPool<Void> pool = pool(3).retryLostChunks(2).build()) {
                List<String> results = pool.map((ctx, x) -> {
                    if (ProcessHandle.current().pid() == doomed) {
                        new ProcessBuilder("kill", "-9", Long.toString(doomed)).start().waitFor();
                        new CountDownLatch(1).await();
                    }
                    return x + "@" + ProcessHandle.current().pid();
                }, args, MapOptions.defaults().chunkSize(5));
                assertThat("the fourth member was killed", extra.waitFor(30, TimeUnit.SECONDS), is(true));
                // Every result once, in order, none from the dead member.
                assertThat(results.stream().map(r -> Integer.parseInt(r.substring(0, r.indexOf('@')))).toList(), is(args));
                assertThat(results.stream().anyMatch(r -> r.endsWith("@" + doomed)), is(false));
            }
        } finally {
            extra.destroyForcibly();
        }
    }

    @Test
    @Order(6)
    void whenTheParentCrashesMembersStopItsWorkersAndRemoveTheirQueues() throws Exception {
        String signals = "signals-" + UUID.randomUUID();
        ClientConfig config = new ClientConfig();
        config.setClusterName(CLUSTER);
        config.getNetworkConfig().setAddresses(List.of(memberList.split(",")));
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        HazelcastInstance observer = HazelcastClient.newHazelcastClient(config);
        Process parent = null;
        try {
            IQueue<String> queue = observer.getQueue(signals);
            parent = new ProcessBuilder(java(CrashingParent.class, memberList, CLUSTER, "2", signals)).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "hazelcast-members", "crashing-parent.log").toFile()).start();
            Set<String> started = new HashSet<>();
            while (started.size() < 2) {
                String signal = queue.poll(90, TimeUnit.SECONDS);
                assertThat("both workers started within 90 s", signal != null, is(true));
                started.add(signal);
            }
            List<String> queues = workerQueues(observer);
            assertThat("an inbound and an outbound queue per worker", queues.size(), is(4));
            CountDownLatch removed = new CountDownLatch(queues.size());
            observer.addDistributedObjectListener(new DistributedObjectListener() {
                @Override
                public void distributedObjectCreated(DistributedObjectEvent event) {
                }

                @Override
                public void distributedObjectDestroyed(DistributedObjectEvent event) {
                    if (queues.contains(event.getObjectName().toString())) {
                        removed.countDown();
                    }
                }
            });

            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            Set<String> stopped = new HashSet<>();
            while (stopped.size() < 2) {
                String signal = queue.poll(60, TimeUnit.SECONDS);
                assertThat("both workers were stopped within 60 s of the parent's death", signal != null, is(true));
                stopped.add(signal);
            }
            assertThat(stopped, is(Set.of("stopped 0", "stopped 1")));
            assertThat("the members removed the dead parent's queues", removed.await(30, TimeUnit.SECONDS), is(true));
            assertThat(workerQueues(observer), is(List.of()));
        } finally {
            if (parent != null) {
                parent.destroyForcibly();
            }
            observer.shutdown();
        }
    }

    /** The workers' queues that exist in the cluster now. */
    private static List<String> workerQueues(HazelcastInstance client) {
        return client.getDistributedObjects().stream().map(DistributedObject::getName)
                .filter(name -> name.startsWith("mpire4j.") && name.contains(".worker-")).toList();
    }
}
