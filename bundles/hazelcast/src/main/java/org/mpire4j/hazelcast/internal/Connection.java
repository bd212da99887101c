package org.mpire4j.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * This JVM's Hazelcast client for one cluster (members and cluster name), shared by every pool that
 * uses it: it counts its live workers and shuts down {@link #LINGER_MILLIS} after the last one ended
 * (so maps that start fresh workers reuse it). It knows which members already hold which worker
 * program, and tells members to forget a program once the parent's program object is gone.
 */
final class Connection implements MembershipListener {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final Map<String, Connection> OPEN = new HashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpire4j-hazelcast-linger");
        t.setDaemon(true);
        return t;
    });

    /** How long an unused client stays connected: system property {@code mpire4j.hazelcast.lingerMillis}. */
    static final long LINGER_MILLIS = Long.getLong("mpire4j.hazelcast.lingerMillis", 10_000);

    private final String key;
    private final HazelcastInstance client;
    private final CompositeClassLoader loader;
    private final Set<HazelcastWorker> workers = ConcurrentHashMap.newKeySet();
    private final Map<WorkerProgram, ProgramEntry> programs = new WeakHashMap<>();
    private int users;
    private ScheduledFuture<?> closing;

    /** Which members hold one program. */
    private record ProgramEntry(String id, Set<UUID> members) {
    }

    private Connection(String key, HazelcastInstance client, CompositeClassLoader loader) {
        this.key = key;
        this.client = client;
        this.loader = loader;
    }

    /** The connection for these members and cluster, opened if needed, with one more user counted. */
    static Connection acquire(List<String> members, String clusterName, ClassLoader codeLoader) {
        String key = clusterName + "@" + String.join(",", members.stream().sorted().toList());
        Connection c;
        synchronized (OPEN) {
            c = OPEN.get(key);
            if (c == null || !c.client.getLifecycleService().isRunning()) {
                CompositeClassLoader loader = new CompositeClassLoader(Connection.class.getClassLoader());
                ClientConfig config = new ClientConfig();
                config.setClusterName(clusterName);
                config.setInstanceName("mpire4j-" + UUID.randomUUID());
                config.setClassLoader(loader);
                config.setProperty("hazelcast.phone.home.enabled", "false");
                config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
                config.getNetworkConfig().setAddresses(new ArrayList<>(members));
                config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
                HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
                c = new Connection(key, client, loader);
                client.getCluster().addMembershipListener(c);
                OPEN.put(key, c);
            }
            if (c.closing != null) {
                c.closing.cancel(false);
                c.closing = null;
            }
            c.users++;
        }
        c.loader.add(codeLoader);
        return c;
    }

    /** Connections open now, for tests. */
    static int open() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    HazelcastInstance client() {
        return client;
    }

    CompositeClassLoader loader() {
        return loader;
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
     * The id of a program, and whether this member still needs it sent.
     *
     * @return the id, and {@code true} when the caller must send the program along (first time on this member)
     */
    synchronized Map.Entry<String, Boolean> program(WorkerProgram program, Member member) {
        ProgramEntry entry = programs.get(program);
        if (entry == null) {
            entry = new ProgramEntry(UUID.randomUUID().toString(), new CopyOnWriteArraySet<>());
            programs.put(program, entry);
            String id = entry.id();
            Set<UUID> holders = entry.members();
            HazelcastInstance c = client;
            CLEANER.register(program, () -> evict(c, id, holders));
        }
        return Map.entry(entry.id(), entry.members().add(member.getUuid()));
    }

    /** A member did not get a program after all (its worker could not be submitted). */
    synchronized void forget(WorkerProgram program, Member member) {
        ProgramEntry entry = programs.get(program);
        if (entry != null) {
            entry.members().remove(member.getUuid());
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
        }
        for (HazelcastWorker worker : workers) {
            if (worker.member().getUuid().equals(gone.getUuid())) {
                worker.memberLeft(gone);
            }
        }
    }

    /** Finds classes in the loaders of the code pools run, so results decode in the parent. */
    static final class CompositeClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Set<ClassLoader> loaders = new CopyOnWriteArraySet<>();

        CompositeClassLoader(ClassLoader parent) {
            super("mpire4j-hazelcast", parent);
        }

        void add(ClassLoader loader) {
            if (loader != null && loader != getParent()) {
                loaders.add(loader);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader l : loaders) {
                try {
                    return Class.forName(name, false, l);
                } catch (ClassNotFoundException e) {
                    // try the next
                }
            }
            throw new ClassNotFoundException(name);
        }
    }
}
