package org.mpire4j.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hazelcast member that can host workers of the {@code hazelcast} start method. Its class path
 * must hold mpire4j's api, process and hazelcast jars (and Hazelcast's); the rest of the code arrives
 * with the workers, each jar once per member: inside OSGi the jars of the engine's and the task's
 * bundles, on a plain class path or module path the jar (or class folder, packed as a jar) each of the
 * program's and task's classes was loaded from. Only classes with no such origin (generated at run time
 * by a custom class loader) must be on this class path.
 *
 * <pre>
 * java --add-opens ... -cp api.jar:core.jar:hazelcast-start-method.jar:hazelcast.jar:tasks.jar \
 *     org.mpire4j.hazelcast.Member --cluster mpire4j --port 5701 --members 127.0.0.1:5701,127.0.0.1:5702
 * </pre>
 *
 * <p>Options: {@code --cluster NAME} (default {@value #DEFAULT_CLUSTER}), {@code --host ADDRESS}
 * (default {@code 127.0.0.1}: the member binds this interface only), {@code --port N} (default
 * 5701, never auto-incremented), {@code --members host:port,...} (TCP-IP join; multicast is always
 * off) and {@code --die-with-parent} (halt when standard input ends, so a member started by a test
 * or a script never outlives it). When the member is up it prints one line,
 * {@code mpire4j member ready <address>}, on standard output.
 */
public final class Member {

    /** The cluster name members and the start method use by default. */
    public static final String DEFAULT_CLUSTER = "mpire4j";

    /** The executor that runs workers; one thread per worker for the worker's whole life. */
    public static final String EXECUTOR = "mpire4j-workers";

    /** Threads of {@link #EXECUTOR} on members started here: the most workers one member hosts. */
    public static final int WORKER_THREADS = 256;

    private Member() {
    }

    /**
     * Starts a member and returns when it has joined its cluster.
     *
     * @param args the options described above
     * @throws IOException if standard input cannot be watched
     */
    public static void main(String[] args) throws IOException {
        String cluster = DEFAULT_CLUSTER;
        String host = "127.0.0.1";
        int port = 5701;
        List<String> members = new ArrayList<>();
        boolean dieWithParent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cluster" -> cluster = args[++i];
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--members" -> {
                    for (String m : args[++i].split(",")) {
                        if (!m.isBlank()) {
                            members.add(m.strip());
                        }
                    }
                }
                case "--die-with-parent" -> dieWithParent = true;
                default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "': known options are"
                        + " --cluster, --host, --port, --members, --die-with-parent");
            }
        }
        HazelcastInstance instance = start(cluster, host, port, members);
        System.out.println("mpire4j member ready " + instance.getCluster().getLocalMember().getAddress());
        System.out.flush();
        if (dieWithParent) {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Nothing to read; the end of input is the parent's end.
            }
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * Starts a member in this JVM.
     *
     * @param cluster the cluster name
     * @param host the interface to bind and the address to publish
     * @param port the port
     * @param members the members to join, as {@code host:port}
     * @return the member
     */
    public static HazelcastInstance start(String cluster, String host, int port, List<String> members) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // Loopback tests kill members: notice a dead one in seconds, not the default minute.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
        network.getInterfaces().setEnabled(true).addInterface(host);
        config.setProperty("hazelcast.socket.bind.any", "false");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(
                members.isEmpty() ? List.of(host + ":" + port) : members);
        config.getExecutorConfig(EXECUTOR).setPoolSize(WORKER_THREADS);
        // Workers arrive as this bundle's types; their code comes with them (or from this class path).
        config.setClassLoader(Member.class.getClassLoader());
        return Hazelcast.newHazelcastInstance(config);
    }
}
