package org.mpire4j.hazelcast.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.hazelcast.Member;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value #NAME}: workers run the engine's worker program on the members of a Hazelcast
 * cluster (started with {@link Member}), worker {@code i} on member {@code i mod N}. This JVM joins
 * the cluster as a client, one per cluster, shared by all pools; each worker has a queue per
 * direction, carrying messages encoded by this bundle; the worker program, with the pool's shared
 * objects, is encoded once and sent once per member, which keeps it. The code's jars travel too (each
 * once per member): inside OSGi those of its bundles, so task bundles deployed here run on members that
 * never installed them; outside OSGi the jars and class folders the classes were loaded from.
 *
 * <p>A worker whose task times out in {@code apply} is interrupted on its member. When this JVM's
 * client disconnects (the parent crashed), members stop its workers and forget its programs.
 *
 * <p>Options: {@code members} (required: comma-separated {@code host:port} of members to connect to),
 * {@code clusterName} (default {@value Member#DEFAULT_CLUSTER}) and {@code connectTimeoutSeconds}
 * (default 30: how long a pool waits for the cluster before its map fails). They are checked when the
 * pool is built. A pool that cannot reach its cluster tries once for all its workers, which fail
 * with that attempt's error; its next map tries again.
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + HazelcastStartMethod.NAME)
@ServiceRanking(HazelcastStartMethod.RANKING)
public final class HazelcastStartMethod implements StartMethod {

    /** The start method's name. */
    public static final String NAME = "hazelcast";

    /** Below every local start method: a cluster is never a sensible default. */
    static final int RANKING = 5;

    /** The option naming the members to connect to. */
    public static final String MEMBERS = "members";

    /** The option naming the cluster. */
    public static final String CLUSTER_NAME = "clusterName";

    /** The option limiting how long connecting to the cluster may take, in whole seconds. */
    public static final String CONNECT_TIMEOUT_SECONDS = "connectTimeoutSeconds";

    /** How long connecting may take unless {@value #CONNECT_TIMEOUT_SECONDS} says otherwise. */
    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;

    private static final Set<String> OPTIONS = Set.of(MEMBERS, CLUSTER_NAME, CONNECT_TIMEOUT_SECONDS);

    /** Creates the start method; called by DS or ServiceLoader. */
    public HazelcastStartMethod() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    /** Members load only the code on their class path. */
    @Override
    public boolean needsCodeAtStart() {
        return true;
    }

    /** What the options say: where the cluster is and how long connecting may take. */
    private record Settings(List<String> members, String cluster, int timeoutSeconds) {
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        settings(options);
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) throws IOException {
        Settings settings = settings(launch.options());
        Connection connection;
        try {
            connection = Connection.acquire(launch.program(), launch.workerId(), settings.members(), settings.cluster(),
                    settings.timeoutSeconds());
        } catch (RuntimeException e) {
            throw new IOException("Cannot connect to Hazelcast cluster '" + settings.cluster() + "' at " + settings.members()
                    + " within " + settings.timeoutSeconds() + " s: are its members running, with that cluster name? ("
                    + e + ")", e);
        }
        try {
            return HazelcastWorker.start(connection, launch);
        } catch (IOException | RuntimeException e) {
            connection.release();
            throw e;
        }
    }

    private static Settings settings(Map<String, String> options) {
        StartMethod.requireKnownOptions(NAME, options, OPTIONS);
        List<String> members = new ArrayList<>();
        for (String m : options.getOrDefault(MEMBERS, "").split(",")) {
            String member = m.strip();
            if (!member.isEmpty()) {
                if (!member.matches("[^:\\s]+(:\\d{1,5})?")) {
                    throw new IllegalArgumentException("Option " + MEMBERS + " must list host:port, was '" + member + "'");
                }
                members.add(member);
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("Start method '" + NAME + "' needs option " + MEMBERS
                    + ": the comma-separated host:port of cluster members to connect to");
        }
        String cluster = options.getOrDefault(CLUSTER_NAME, Member.DEFAULT_CLUSTER);
        if (cluster.isBlank()) {
            throw new IllegalArgumentException("Option " + CLUSTER_NAME + " must not be blank");
        }
        String timeoutText = options.getOrDefault(CONNECT_TIMEOUT_SECONDS, Integer.toString(DEFAULT_CONNECT_TIMEOUT_SECONDS));
        int timeoutSeconds;
        try {
            timeoutSeconds = Integer.parseInt(timeoutText.strip());
        } catch (NumberFormatException e) {
            timeoutSeconds = -1;
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("Option " + CONNECT_TIMEOUT_SECONDS + " must be a whole number of seconds,"
                    + " at least 1, was '" + timeoutText + "'");
        }
        return new Settings(List.copyOf(members), cluster, timeoutSeconds);
    }
}
