package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.mpire4j.examples.PrefixCount;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The {@code hazelcast} start method driven from inside the framework, over three member JVMs on
 * loopback whose class path holds only the api, process and hazelcast jars: the engine, this test
 * bundle and the examples bundle are not there, so their jars must travel from here with the workers.
 */
@ExtendWith(ServiceExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastIT {

    private static final String CLUSTER = "mpire4j-itest-" + UUID.randomUUID();
    private static final List<Process> members = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static String memberList;

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @BeforeAll
    static void startMembers() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
        memberList = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        // Only what a bare member needs; the class names pick the jars of their bundles.
        String classPath = String.join(File.pathSeparator, jarOf(org.mpire4j.api.WorkerPool.class),
                jarOf(org.mpire4j.process.Codec.class), jarOf(org.mpire4j.hazelcast.Member.class),
                jarOf(com.hazelcast.core.Hazelcast.class));
        Path logs = Files.createDirectories(Path.of("target", "hazelcast-members"));
        for (int i = 0; i < 3; i++) {
            String join = i == 0 ? "127.0.0.1:" + ports.get(0) : "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(i);
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", classPath, "org.mpire4j.hazelcast.Member", "--cluster", CLUSTER,
                    "--port", Integer.toString(ports.get(i)), "--members", join, "--die-with-parent")
                    .redirectError(logs.resolve("itest-member-" + i + ".log").toFile()).start();
            members.add(p);
            if (i == 0) {
                awaitReady(p);
            }
        }
        awaitReady(members.get(1));
        awaitReady(members.get(2));
    }

    private static String jarOf(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        String location = bundle.getLocation();
        location = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        return location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
    }

    private static void awaitReady(Process member) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null;) {
            if (line.startsWith("mpire4j member ready")) {
                return;
            }
        }
        throw new IOException("A member ended before it was ready; see target/hazelcast-members/");
    }

    @AfterAll
    static void stopMembers() {
        members.forEach(Process::destroyForcibly);
    }

    private WorkerPool<Void> pool() {
        return factory.builder().jobs(3).startMethod("hazelcast").startMethodOption("members", memberList)
                .startMethodOption("clusterName", CLUSTER).build();
    }

    @Test
    @Order(1)
    void aLambdaOfThisTestBundleRunsOnMembersThatNeverInstalledIt() {
        List<Integer> args = IntStream.range(0, 50).boxed().toList();
        try (WorkerPool<Void> pool = pool()) {
            assertThat(pool.map(WorkerTasks.TIMES_TEN, args), is(args.stream().map(x -> x * 10).toList()));
            Set<Long> pids = new HashSet<>(pool.map(WorkerTasks.PID, args, MapOptions.defaults().chunkSize(1)));
            assertThat(pids, is(members.stream().map(Process::pid).collect(Collectors.toSet())));
        }
    }

    @Test
    @Order(2)
    void aTaskOfTheExamplesBundleGivesTheSameResultsAsThreads() {
        List<String[]> corpus = PrefixCount.corpus(12, 300, 20, 3);
        PrefixCount.Result expected;
        try (WorkerPool<Void> threads = factory.builder().jobs(2).startMethod(StartMethod.THREAD).build()) {
            expected = PrefixCount.run(threads, corpus);
        }
        try (WorkerPool<Void> pool = pool()) {
            assertThat(PrefixCount.run(pool, corpus), equalTo(expected));
        }
    }

    @Test
    @Order(3)
    void sharedObjectsOfThisBundleAreDecodedOncePerMember() {
        CountedShared.SERIALIZED.set(0);
        try (WorkerPool<CountedShared> pool = factory.builder().jobs(6).startMethod("hazelcast")
                .startMethodOption("members", memberList).startMethodOption("clusterName", CLUSTER)
                .sharedObjects(new CountedShared()).build()) {
            List<long[]> seen = pool.map((ctx, x) -> CountedShared.copiesHere(ctx.shared()),
                    IntStream.range(0, 120).boxed().toList(), pool.options().chunkSize(1));
            Map<Long, Long> copiesByMember = new HashMap<>();
            seen.forEach(s -> copiesByMember.merge(s[0], s[1], Math::max));
            assertThat(copiesByMember.keySet(), is(members.stream().map(Process::pid).collect(Collectors.toSet())));
            assertThat(Set.copyOf(copiesByMember.values()), is(Set.of(1L)));
            assertThat(CountedShared.SERIALIZED.get(), is(1));
        }
    }

    @Test
    @Order(4)
    void aMemberKilledMidMapFailsTheMapNamingIt() throws Exception {
        Process doomed = members.get(2);
        long pid = doomed.pid();
        try (WorkerPool<Void> pool = pool()) {
            WorkerException e = assertThrows(WorkerException.class, () -> pool.map(WorkerTasks.killMemberWithPid(pid),
                    IntStream.range(0, 60).boxed().toList(), MapOptions.defaults().chunkSize(1)));
            assertThat(doomed.waitFor(30, TimeUnit.SECONDS), is(true));
            assertThat(e.getMessage(), containsString(":" + ports.get(2) + " left"));
        }
    }
}
