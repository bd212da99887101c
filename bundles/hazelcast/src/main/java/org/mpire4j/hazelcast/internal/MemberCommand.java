package org.mpire4j.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.mpire4j.hazelcast.Member;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The launcher's {@code member} command inside the framework: starts a Hazelcast member (with
 * {@link Member#start}) in the framework's JVM, so that it hosts workers of the {@code hazelcast}
 * start method with the code of every bundle of the platform.
 *
 * <p>The launcher runs outside the framework and sees neither Hazelcast's nor mpire4j's classes, so
 * the command is offered through JDK types only: a
 * {@code java.util.function.Function<Map<String, Object>, Map<String, Object>>} service with
 * {@value #COMMAND_PROPERTY}{@code =}{@value #COMMAND}. The request holds {@link #CLUSTER},
 * {@link #HOST}, {@link #PORT} and {@link #MEMBERS}; {@code apply} returns once the member has joined
 * its cluster, with an answer holding {@link #ADDRESS}, {@link #STOPPED}, {@link #SHUTDOWN} and
 * {@link #TERMINATE}. A member still running when this component is deactivated (its bundle stops,
 * the framework stops) is shut down then. Immediate: the component lives as long as its bundle is
 * active, not only while a caller holds the service (the launcher lets go of it once it has the
 * object, and its member must not be shut down then).
 *
 * <p>The keys are compile-time constants, so that a caller compiled against this class can name them
 * without loading it.
 */
@Component(service = Function.class, property = MemberCommand.COMMAND_PROPERTY + "=" + MemberCommand.COMMAND,
        immediate = true)
public final class MemberCommand implements Function<Map<String, Object>, Map<String, Object>> {

    /** The service property naming a launcher command. */
    public static final String COMMAND_PROPERTY = "mpire.command";

    /** This command's name. */
    public static final String COMMAND = "member";

    /** Request key: the cluster's name ({@code String}; absent for {@value Member#DEFAULT_CLUSTER}). */
    public static final String CLUSTER = "cluster";

    /** Request key: the interface to bind and the address to publish ({@code String}; absent for 127.0.0.1). */
    public static final String HOST = "host";

    /** Request key: the port ({@code Integer}; absent for 5701; never auto-incremented). */
    public static final String PORT = "port";

    /**
     * Request key: the members to join, {@code host:port} each ({@code List<String>}; absent or empty
     * to start alone, a cluster of one that others can join).
     */
    public static final String MEMBERS = "members";

    /** Answer key: the member's address as Hazelcast prints it, such as {@code [127.0.0.1]:5701} ({@code String}). */
    public static final String ADDRESS = "address";

    /**
     * Answer key: completes when the member has stopped, whoever stopped it
     * ({@code CompletableFuture<Void>}; completing it does nothing to the member).
     */
    public static final String STOPPED = "stopped";

    /** Answer key: shuts the member down gracefully and returns when it is down ({@code Runnable}). */
    public static final String SHUTDOWN = "shutdown";

    /** Answer key: stops the member at once, without migrating its partitions ({@code Runnable}). */
    public static final String TERMINATE = "terminate";

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 5701;

    private final Set<HazelcastInstance> running = ConcurrentHashMap.newKeySet();

    /** Creates the command; called by DS. */
    public MemberCommand() {
    }

    /**
     * Starts a member and returns when it has joined its cluster.
     *
     * @param request the keys above
     * @return the answer: the keys above
     * @throws IllegalArgumentException if a request value has the wrong type or is out of range
     * @throws RuntimeException if Hazelcast could not start the member, such as when the port is taken
     */
    @Override
    public Map<String, Object> apply(Map<String, Object> request) {
        String cluster = value(request, CLUSTER, String.class, Member.DEFAULT_CLUSTER);
        String host = value(request, HOST, String.class, DEFAULT_HOST);
        int port = value(request, PORT, Integer.class, DEFAULT_PORT);
        List<?> members = value(request, MEMBERS, List.class, List.of());
        if (cluster.isBlank()) {
            throw new IllegalArgumentException("The cluster name must not be blank");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("The host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("The port must be 1 to 65535, was " + port);
        }
        List<String> join = members.stream().map(m -> Objects.requireNonNull(m, MEMBERS).toString().strip())
                .filter(m -> !m.isEmpty()).toList();

        // Hazelcast's threads inherit the context class loader of the thread that creates them: this
        // bundle's, never the caller's (the launcher's class path knows neither Hazelcast nor mpire4j).
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        HazelcastInstance member;
        thread.setContextClassLoader(Member.class.getClassLoader());
        try {
            member = Member.start(cluster, host, port, join);
        } finally {
            thread.setContextClassLoader(previous);
        }
        running.add(member);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                running.remove(member);
                stopped.complete(null);
            }
        });
        if (!member.getLifecycleService().isRunning()) { // stopped before the listener was there
            running.remove(member);
            stopped.complete(null);
        }
        Runnable shutdown = () -> member.getLifecycleService().shutdown();
        Runnable terminate = () -> member.getLifecycleService().terminate();
        return Map.of(ADDRESS, member.getCluster().getLocalMember().getAddress().toString(), STOPPED, stopped,
                SHUTDOWN, shutdown, TERMINATE, terminate);
    }

    /** Shuts down the members still running: this bundle's code is going away. */
    @Deactivate
    void deactivate() {
        for (HazelcastInstance member : running) {
            try {
                member.getLifecycleService().shutdown();
            } catch (RuntimeException e) {
                member.getLifecycleService().terminate();
            }
        }
        running.clear();
    }

    private static <T> T value(Map<String, Object> request, String key, Class<T> type, T fallback) {
        Object value = request.get(key);
        if (value == null) {
            return fallback;
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Request key '" + key + "' must be a " + type.getSimpleName()
                    + ", was a " + value.getClass().getName());
        }
        return type.cast(value);
    }
}
