package org.mpire4j.launcher.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.osgi.framework.Constants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code member}: a Hazelcast member inside the framework, which runs workers of the hazelcast
 * start method with the code of every bundle (bundles/ and deploy/). Standard output gets one
 * line, {@value #Main.MEMBER_READY}{@code <address>}, once the member has joined its cluster.
 */
@Command(name = "member", description = {"Start every bundle and, in the same JVM, a Hazelcast cluster member"
        + " that hosts workers of the hazelcast start method (run --start-method hazelcast) with the code of"
        + " every bundle; watch deploy/; run until Ctrl-C or SIGTERM.",
        "Prints '" + Main.MEMBER_READY + "<address>' on standard output once the member has joined its cluster."})
final class Member implements Callable<Integer> {

    /** Hazelcast's default cluster name, the hazelcast start method's default too. */
    static final String DEFAULT_CLUSTER = "mpire4j";

    /** How long a stopping member may wait for its partitions to migrate: within Launcher.STOP_TIMEOUT. */
    static final Duration GRACEFUL_SHUTDOWN = Duration.ofSeconds(5);

    // The request and answer keys of the hazelcast bundle's MemberCommand (it is not on this class path).
    static final String CLUSTER = "cluster";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String MEMBERS = "members";
    static final String ADDRESS = "address";
    static final String STOPPED = "stopped";
    static final String TERMINATE = "terminate";

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = DEFAULT_CLUSTER, converter = Converters.ClusterName.class,
            description = "The cluster's name; its members and clients use the same (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", converter = Converters.Ipv4.class,
            description = "The IPv4 address to bind (this interface only) and to publish (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "5701", converter = Converters.Port.class,
            description = "The port; never another when it is taken (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--members", paramLabel = "HOST:PORT", split = ",", converter = Converters.HostPort.class,
            description = "Members to join, comma-separated (TCP-IP only, no multicast; default: none, the member"
                    + " starts a cluster that others join).")
    List<String> members;

    @Option(names = "--die-with-parent",
            description = "Also stop, at once, when standard input ends: a member started by a script or a test"
                    + " never outlives it.")
    boolean dieWithParent;

    Member(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path home = common.home().toAbsolutePath().normalize();
        // Several members may run from one distribution: each has its own framework cache, removed
        // when the member ends normally (and emptied when the next member on its port starts).
        Path cache = home.resolve(Launcher.CACHE + "-member-" + host + "-" + port);
        Map<String, String> properties = Map.of(Constants.FRAMEWORK_STORAGE, cache.toString());
        // Hazelcast's own shutdown hook would terminate the member while the launcher's stops the
        // framework; without it, Ctrl-C and SIGTERM shut the member down gracefully, as the
        // framework stops its bundles, and briefly enough to end within the framework's stop.
        System.getProperties().putIfAbsent("hazelcast.shutdownhook.enabled", "false");
        System.getProperties().putIfAbsent("hazelcast.graceful.shutdown.max.wait",
                Long.toString(GRACEFUL_SHUTDOWN.toSeconds()));
        int status = Main.withFramework(io, "member", home, properties, framework -> {
            Main.warnIfNotDeployed(io, framework, home);
            Function<Map<String, Object>, Map<String, Object>> command = Main.awaitService(framework, Main.MEMBER_FILTER,
                    io.serviceWait());
            if (command == null) {
                io.err().println("mpire4j: the member command is not available: no mpire.command=member service"
                        + " appeared within " + io.serviceWait().toSeconds() + " s; are hazelcast.jar and"
                        + " com.hazelcast.hazelcast.jar in " + Launcher.BUNDLES + "/?");
                return Main.FAILED;
            }
            Map<String, Object> request = Map.of(CLUSTER, cluster, HOST, host, PORT, port, MEMBERS,
                    members == null ? List.of() : List.copyOf(members));
            Map<String, Object> member;
            try {
                member = command.apply(request);
            } catch (RuntimeException e) {
                io.err().println("mpire4j: the member did not start: " + Main.oneLine(String.valueOf(e)));
                return Main.FAILED;
            }
            io.out().println(Main.MEMBER_READY + member.get(ADDRESS));
            io.out().flush();
            io.err().println("mpire4j: member " + member.get(ADDRESS) + " of cluster '" + cluster + "' with "
                    + (framework.getBundleContext().getBundles().length - 1) + " bundles; deploy bundles to "
                    + home.resolve(Launcher.DEPLOY) + "; stop with Ctrl-C"
                    + (dieWithParent ? " or by closing standard input" : ""));
            return awaitEnd(member);
        });
        Launcher.deleteTree(cache);
        return status;
    }

    /** Waits until the member stops (Ctrl-C stops the framework, which stops it) or standard input ends. */
    private int awaitEnd(Map<String, Object> member) {
        CompletableFuture<Boolean> parentGone = new CompletableFuture<>();
        CompletableFuture<?> stopped = (CompletableFuture<?>) member.get(STOPPED);
        if (dieWithParent) {
            Thread.ofPlatform().daemon(true).name("mpire4j-parent-watch").start(() -> {
                try {
                    io.in().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // a broken standard input ends it too
                }
                parentGone.complete(true);
            });
        }
        try {
            CompletableFuture.anyOf(stopped, parentGone).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // stopped never fails; nothing to wait for either way
        }
        if (parentGone.isDone() && !stopped.isDone()) {
            // Nobody is left to wait for a graceful shutdown (the other members are likely going too).
            ((Runnable) member.get(TERMINATE)).run();
        } else if (stopped.isDone()) {
            io.err().println("mpire4j: the member stopped");
        }
        return Main.OK;
    }
}
