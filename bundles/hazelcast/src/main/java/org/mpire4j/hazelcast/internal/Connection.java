package org.mpire4j.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerClassPath;

/**
 * This JVM's Hazelcast client for one cluster (members and cluster name), shared by every pool that
 * uses it: it counts its live workers and shuts down {@link #LINGER_MILLIS} after the last one ended
 * (so maps that start fresh workers reuse it). It knows which members already hold which worker
 * program and which jars, so each travels to each member once, and tells members to forget a program
 * once the parent's program object is gone.
 */
final class Connection implements MembershipListener {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final Map<String, Connection> OPEN = new HashMap<>();
    /** Connections being opened, by key (guarded by {@code OPEN}): later starts for the same cluster wait for them. */
    private static final Map<String, CompletableFuture<Connection>> CONNECTING = new HashMap<>();
    /** Each pool's last failed attempt, by the pool's program (guarded by {@code OPEN}). */
    private static final Map<WorkerProgram, FailedAttempt> FAILED = new WeakHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpire4j-hazelcast-linger");
        t.setDaemon(true);
        return t;
    });

    /**
     * The jars every member has on its class path (the api, process, this bundle and Hazelcast): never
     * sent. Empty outside OSGi.
     */
    private static final Set<Path> MEMBER_CLASS_PATH = WorkerClassPath.ownBundleJars(List.of(WorkerProgram.class,
            ProcessWorker.class, Connection.class, HazelcastInstance.class));

    /** How long an unused client stays connected: system property {@code mpire4j.hazelcast.lingerMillis}. */
    static final long LINGER_MILLIS = Long.getLong("mpire4j.hazelcast.lingerMillis", 10_000);

    private final String key;
    private final HazelcastInstance client;
    private final Set<HazelcastWorker> workers = ConcurrentHashMap.newKeySet();
    private final Map<WorkerProgram, ProgramEntry> programs = new WeakHashMap<>();
    private int users;
    private ScheduledFuture<?> closing;

    private final Map<UUID, Set<String>> jarsOnMember = new HashMap<>();
    private final Map<UUID, String> partitionKeys = new ConcurrentHashMap<>();
    private final Map<Path, CachedJar> jarCache = new HashMap<>();

    /** A failed attempt to connect, and the workers of its pool that failed with it. */
    private record FailedAttempt(String key, RuntimeException error, Set<Integer> workers) {
    }

    private record JarStamp(long size, FileTime modified) {
    }

    private record CachedJar(JarStamp stamp, CodeJar jar) {
    }

    /** One program: encoded once, the classes its encoding met, and which members hold it. */
    private record ProgramEntry(String id, byte[] bytes, Set<Class<?>> classes, Set<UUID> members) {
    }

    /**
     * What a worker takes to its member.
     *
     * @param programId the program's id
     * @param program the encoded program, or {@code null} when the member holds it already
     * @param code the jars of the worker's code, with content for those the member lacks
     */
    record Shipment(String programId, byte[] program, List<CodeJar> code) {
    }

    private Connection(String key, HazelcastInstance client) {
        this.key = key;
        this.client = client;
    }

    /**
     * The connection for these members and cluster, opened if needed, with one more user counted.
     *
     * <p>One attempt to connect per pool: when an attempt fails, the pool's other workers fail with its
     * error at once instead of each waiting the timeout again; the pool tries again when it starts a
     * worker that attempt already failed (its next map). Starts that ask for a cluster while it is being
     * connected to wait for that attempt (the first one's timeout counts); starts for other clusters
     * wait for nothing, since no lock is held while connecting.
     *
     * @param pool the pool's program: which pool asks
     * @param workerId the worker being started
     * @throws RuntimeException Hazelcast's, when the cluster cannot be reached in time
     */
    static Connection acquire(WorkerProgram pool, int workerId, List<String> members, String clusterName,
            int connectTimeoutSeconds) {
        String key = clusterName + "@" + String.join(",", members.stream().sorted().toList());
        while (true) {
            CompletableFuture<Connection> attempt;
            boolean mine = false;
            synchronized (OPEN) {
                Connection c = OPEN.get(key);
                if (c != null && c.client.getLifecycleService().isRunning()) {
                    c.use();
                    FAILED.remove(pool);
                    return c;
                }
                FailedAttempt failed = FAILED.get(pool);
                if (failed != null && failed.key().equals(key) && failed.workers().add(workerId)) {
                    throw failed.error();
                }
                attempt = CONNECTING.get(key);
                if (attempt == null) {
                    attempt = new CompletableFuture<>();
                    CONNECTING.put(key, attempt);
                    mine = true;
                }
            }
            if (mine) {
                connect(key, members, clusterName, connectTimeoutSeconds, attempt);
            }
            try {
                attempt.join();
            } catch (CompletionException e) {
                RuntimeException error = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
                synchronized (OPEN) {
                    Set<Integer> told = new HashSet<>();
                    told.add(workerId);
                    FAILED.put(pool, new FailedAttempt(key, error, told));
                }
                throw error;
            }
            // Connected: take it from OPEN under the lock (if it closed meanwhile, the loop tries again).
        }
    }

    /** Opens a client, outside any lock, and completes {@code attempt} with the connection or the error. */
    private static void connect(String key, List<String> members, String clusterName, int connectTimeoutSeconds,
            CompletableFuture<Connection> attempt) {
        Connection c = null;
        Throwable error = null;
        try {
            ClientConfig config = new ClientConfig();
            config.setClusterName(clusterName);
            config.setInstanceName("mpire4j-" + UUID.randomUUID());
            // Only byte arrays and this bundle's types travel through Hazelcast itself.
            config.setClassLoader(Connection.class.getClassLoader());
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
            config.getNetworkConfig().setAddresses(new ArrayList<>(members));
            config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(
                    connectTimeoutSeconds * 1000L);
            HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
            try {
                Connection opened = new Connection(key, client);
                client.getCluster().addMembershipListener(opened);
                c = opened;
            } catch (RuntimeException | Error e) {
                client.shutdown();
                throw e;
            }
        } catch (Throwable t) {
            error = t;
        } finally {
            synchronized (OPEN) {
                CONNECTING.remove(key);
                if (c != null) {
                    // No user yet: the starts waiting for it (this one included) count themselves in acquire.
                    OPEN.put(key, c);
                }
            }
            if (c != null) {
                attempt.complete(c);
            } else {
                attempt.completeExceptionally(error);
            }
        }
        if (error instanceof Error e) {
            throw e;
        }
    }

    /** One more user; cancels a pending linger close. Called with the {@code OPEN} lock held. */
    private void use() {
        if (closing != null) {
            closing.cancel(false);
            closing = null;
        }
        users++;
    }

    HazelcastInstance client() {
        return client;
    }

    /**
     * A partition key ({@code "@key"}) whose partition the member owns now, so that queues named with it
     * live on that member; empty when the client does not know the partition table yet. Ownership may
     * move later (members join or leave): the queues then move with their partition, which costs speed,
     * never messages.
     */
    String partitionSuffix(Member member) {
        PartitionService partitions = client.getPartitionService();
        String cached = partitionKeys.get(member.getUuid());
        if (cached != null && member.equals(partitions.getPartition(cached).getOwner())) {
            return "@" + cached;
        }
        for (int i = 0; i < 10_000; i++) {
            String key = "p" + i;
            if (member.equals(partitions.getPartition(key).getOwner())) {
                partitionKeys.put(member.getUuid(), key);
                return "@" + key;
            }
        }
        return "";
    }

    /** This client's id: members stop its workers when it disconnects. */
    UUID id() {
        return client.getLocalEndpoint().getUuid();
    }

    void release() {
        synchronized (OPEN) {
            if (--users > 0 || OPEN.get(key) != this) {
                return;
            }
            closing = TIMER.schedule(this::closeIfUnused, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void closeIfUnused() {
        synchronized (OPEN) {
            if (users > 0 || OPEN.get(key) != this) {
                return;
            }
            OPEN.remove(key);
        }
        client.shutdown();
    }

    /** The data members (not lite members) workers can be placed on, in the cluster's order. */
    List<Member> members() {
        List<Member> members = new ArrayList<>();
        for (Member m : client.getCluster().getMembers()) {
            if (!m.isLiteMember()) {
                members.add(m);
            }
        }
        return members;
    }

    /**
     * What a worker of this launch takes to the member: the program (encoded at its first worker,
     * sent to each member once) and the jars of its code (each sent to each member once).
     *
     * @throws IOException if the program cannot be encoded or a jar cannot be read
     */
    synchronized Shipment ship(WorkerLaunch launch, Member member) throws IOException {
        WorkerProgram program = launch.program();
        ProgramEntry entry = programs.get(program);
        if (entry == null) {
            Set<Class<?>> classes = new HashSet<>();
            byte[] bytes = ProcessWorker.encodeProgram(launch,
                    new JdkSerializationCodec(program.getClass().getClassLoader()), classes::add);
            entry = new ProgramEntry(UUID.randomUUID().toString(), bytes, Set.copyOf(classes), new CopyOnWriteArraySet<>());
            programs.put(program, entry);
            String id = entry.id();
            Set<UUID> holders = entry.members();
            HazelcastInstance c = client;
            CLEANER.register(program, () -> evict(c, id, holders));
        }
        Set<Class<?>> classes = new HashSet<>(entry.classes());
        classes.add(program.getClass());
        classes.addAll(launch.code());
        Set<String> onMember = jarsOnMember.computeIfAbsent(member.getUuid(), m -> new HashSet<>());
        List<CodeJar> code = new ArrayList<>();
        Set<Path> jars = WorkerClassPath.bundleJars(classes);
        jars.removeAll(MEMBER_CLASS_PATH);
        for (Path jar : jars) {
            CodeJar read = read(jar);
            code.add(onMember.add(read.sha256()) ? read : read.withoutContent());
        }
        boolean first = entry.members().add(member.getUuid());
        return new Shipment(entry.id(), first ? entry.bytes() : null, code);
    }

    private CodeJar read(Path jar) throws IOException {
        // A bundle updated in place (FileInstall) keeps its path: size and time tell a new version.
        JarStamp stamp = new JarStamp(Files.size(jar), Files.getLastModifiedTime(jar));
        CachedJar cached = jarCache.get(jar);
        if (cached == null || !cached.stamp().equals(stamp)) {
            cached = new CachedJar(stamp, CodeJar.read(jar));
            jarCache.put(jar, cached);
        }
        return cached.jar();
    }

    /** A shipment did not reach its member after all (the worker could not be submitted). */
    synchronized void notShipped(WorkerProgram program, Member member, Shipment shipment) {
        ProgramEntry entry = programs.get(program);
        if (entry != null && shipment.program() != null) {
            entry.members().remove(member.getUuid());
        }
        Set<String> onMember = jarsOnMember.get(member.getUuid());
        if (onMember != null) {
            for (CodeJar jar : shipment.code()) {
                if (jar.bytes() != null) {
                    onMember.remove(jar.sha256());
                }
            }
        }
    }

    private static void evict(HazelcastInstance client, String id, Set<UUID> holders) {
        if (!client.getLifecycleService().isRunning()) {
            return;
        }
        List<Member> targets = new ArrayList<>();
        for (Member m : client.getCluster().getMembers()) {
            if (holders.contains(m.getUuid())) {
                targets.add(m);
            }
        }
        try {
            if (!targets.isEmpty()) {
                client.getExecutorService(org.mpire4j.hazelcast.Member.EXECUTOR).executeOnMembers(new EvictProgram(id), targets);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot evict worker program " + id + ": " + e);
        }
    }

    void started(HazelcastWorker worker) {
        workers.add(worker);
    }

    void ended(HazelcastWorker worker) {
        if (workers.remove(worker)) {
            release();
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // New workers are placed on it; running ones stay where they are.
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        Member gone = event.getMember();
        synchronized (this) {
            for (ProgramEntry entry : programs.values()) {
                entry.members().remove(gone.getUuid());
            }
            jarsOnMember.remove(gone.getUuid());
        }
        for (HazelcastWorker worker : workers) {
            if (worker.member().getUuid().equals(gone.getUuid())) {
                worker.memberLeft(gone);
            }
        }
    }
}
