package org.mpire4j.hazelcast;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;

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
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : System.getProperty("mpire4j.hazelcast.jvmArgs", "").split("\\s+")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Member.class.getName(), "--cluster", CLUSTER, "--port", Integer.toString(ports.get(index)),
                "--members", join, "--die-with-parent"));
        Process p = new ProcessBuilder(command).redirectError(logs.resolve("member-" + index + ".log").toFile()).start();
        members.add(p);
        return p;
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
            }, range(100), MapOptions.<Void>defaults().chunkSize(3).workerExit(ctx -> ctx.state().get("tasks")));
            assertThat(results, is(range(100).stream().map(x -> x * 2).toList()));
            int sum = pool.exitResults().stream().mapToInt(o -> (Integer) o).sum();
            assertThat(sum, is(100));
        }
    }

    /** A shared object that counts how often this JVM serializes it. */
    static final class Counted implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger SERIALIZED = new AtomicInteger();
        final int[] payload = new int[1000];

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            SERIALIZED.incrementAndGet();
            out.defaultWriteObject();
        }
    }

    @Test
    @Order(3)
    void sharedObjectsAreSentOncePerMemberNotPerWorkerOrTask() {
        Counted.SERIALIZED.set(0);
        try (WorkerPool<Counted> pool = pool(6).sharedObjects(new Counted()).build()) {
            List<Integer> lengths = pool.map((ctx, x) -> ctx.shared().payload.length + x, range(200),
                    pool.options().chunkSize(1));
            assertThat(lengths.get(199), is(1199));
            // Six workers on three members: one copy per member.
            assertThat(Counted.SERIALIZED.get(), is(MEMBERS));
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
}
