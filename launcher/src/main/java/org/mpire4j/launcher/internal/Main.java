package org.mpire4j.launcher.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.mpire4j.launcher.cli.RunCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code launcher.jar} (picocli): {@code serve} (the default), {@code run},
 * {@code list}, {@code demo} and {@code member}, each with {@code --home DIR}.
 *
 * <h2>Class spaces</h2>
 * This class runs outside the OSGi framework, on the launcher's class path (launcher.jar, Felix and
 * picocli in {@code lib/}). The api's classes live in the api bundle's class loader, so code here
 * cannot name or cast to {@code WorkerPoolFactory} or {@code Task}. It talks to the framework through
 * JDK types only:
 * <ul>
 * <li>{@code list} reads service references: object class names, service properties, bundles;</li>
 * <li>{@code run} calls the bridge bundle {@code org.mpire4j.launcher.cli} (built by this module into
 *     {@code bundles/launcher-cli.jar}), whose {@link RunCommand} is a
 *     {@code Function<Map<String, Object>, Integer>} service with {@code mpire.command=run}: the request
 *     holds only JDK values (strings, numbers, an {@code Iterable<String>} of arguments, the output
 *     streams) and the answer is the exit status;</li>
 * <li>{@code demo} calls the examples bundle's {@code Runnable} service with {@code mpire.command=demo};</li>
 * <li>{@code member} calls the hazelcast bundle's {@code Function<Map<String, Object>, Map<String, Object>>}
 *     service with {@code mpire.command=member}, which starts a Hazelcast member inside the framework
 *     and answers with its address and ways to stop it (JDK values only).</li>
 * </ul>
 * The launcher keeps parsing, validation of what it can check alone (numbers, input file) and the
 * framework's life cycle; everything that needs api types runs in a bundle.
 *
 * <p>Exit status: {@value #OK} success, {@value #FAILED} the command failed, {@value #USAGE} bad
 * command line (including an unknown task or start method, or unreadable input), {@value #START_FAILED}
 * the framework or a bundle did not start.
 */
@Command(name = Main.NAME, description = "Runs mpire4j: an OSGi framework with the bundles of bundles/,"
        + " hot deployment from deploy/, and commands on top.", sortOptions = false,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the command failed (a task threw, the demo failed)",
                "2:bad command line: unknown command, task, start method or option, bad number or address,"
                        + " unreadable input",
                "3:the framework or a bundle did not start"})
public final class Main implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int START_FAILED = 3;

    /** How users start the launcher; picocli shows it in the usage. */
    static final String NAME = "java -jar launcher.jar";

    /** The service the examples bundle registers for the {@code demo} command. */
    static final String DEMO_FILTER = "(&(objectClass=java.lang.Runnable)(mpire.command=demo))";

    /** The bridge's {@code run} service ({@link RunCommand}). */
    static final String RUN_FILTER = "(&(objectClass=java.util.function.Function)(" + RunCommand.COMMAND_PROPERTY
            + "=" + RunCommand.COMMAND + "))";

    /** The hazelcast bundle's {@code member} service (its {@code MemberCommand}). */
    static final String MEMBER_FILTER = "(&(objectClass=java.util.function.Function)(mpire.command=member))";

    /** The line {@code member} prints on standard output once the member has joined its cluster. */
    static final String MEMBER_READY = "mpire4j member ready ";

    static final Duration DEMO_WAIT = Duration.ofSeconds(30);

    /** How long {@code run} and {@code list} wait for FileInstall to start the jars already in deploy/. */
    static final Duration DEPLOY_WAIT = Duration.ofSeconds(15);

    /** How long {@code run} gives a task service to appear once its bundle is active (DS may lag). */
    static final Duration TASK_WAIT = Duration.ofSeconds(1);

    /** Framework properties for commands whose standard output carries results: FileInstall says only errors. */
    private static final Map<String, String> QUIET = Map.of("felix.fileinstall.log.level", "1");

    /**
     * Hazelcast's java.util.logging parent logger: commands whose output carries results keep its
     * info (a client connecting, for run on hazelcast) off standard error. Held: java.util.logging
     * keeps loggers, and with them their level, only weakly.
     */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    private final Io io;

    @Mixin
    private Common common;

    private Main(Io io) {
        this.io = io;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line; {@code --help} describes it
     */
    public static void main(String[] args) {
        UnsafeWarning.silenceUnlessChosen(); // before Felix loads: only the command's own output
        // Exit explicitly: a bundle may have left non-daemon threads behind after the framework stopped.
        System.exit(run(args, System.in, System.out, System.err, DEMO_WAIT));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Duration serviceWait) {
        return run(args, InputStream.nullInputStream(), out, err, serviceWait);
    }

    /**
     * Runs the command line in this JVM.
     *
     * @param args the command line
     * @param in standard input, for {@code run --input -}
     * @param out standard output: results, listings, usage
     * @param err standard error: problems, one line each
     * @param serviceWait how long to wait for the demo or the bridge service to appear
     * @return the exit status
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Duration serviceWait) {
        Io io = new Io(in, out, err, serviceWait);
        CommandLine line = new CommandLine(new Main(io))
                .addSubcommand("serve", new Serve(io))
                .addSubcommand("run", new Run(io))
                .addSubcommand("list", new ListCommand(io))
                .addSubcommand("demo", new Demo(io))
                .addSubcommand("member", new Member(io));
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setParameterExceptionHandler((e, ignored) -> {
            CommandLine command = e.getCommandLine();
            String which = command.getParent() == null ? NAME : NAME + " " + command.getCommandName();
            err.println("mpire4j: " + oneLine(e.getMessage()) + "; see '" + which + " --help'");
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("mpire4j: " + command.getCommandName() + " failed: " + oneLine(String.valueOf(e)));
            return FAILED;
        });
        return line.execute(args);
    }

    /** Without a command: serve. */
    @Override
    public Integer call() {
        return new Serve(io).serve(common.home());
    }

    /** The streams and waits of one invocation (tests pass their own). */
    private record Io(InputStream in, PrintStream out, PrintStream err, Duration serviceWait) {
    }

    /** Options every command takes. */
    static final class Common {

        @Option(names = "--home", paramLabel = "DIR",
                description = "The distribution folder holding bundles/ and deploy/ (default: the folder of launcher.jar).")
        Path home;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        Path home() {
            return home != null ? home : defaultHome();
        }
    }

    /** {@code serve}: the framework and the deploy folder, until Ctrl-C or SIGTERM. */
    @Command(name = "serve", description = "Start every bundle and watch deploy/ until Ctrl-C or SIGTERM (the default).")
    static final class Serve implements Callable<Integer> {

        private final Io io;

        @Mixin
        private Common common;

        Serve(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            return serve(common.home());
        }

        int serve(Path home) {
            return withFramework(io, home, Map.of(), framework -> {
                // every bundle but the system bundle (id 0)
                io.out().println("mpire4j: " + (framework.getBundleContext().getBundles().length - 1)
                        + " bundles started; deploy bundles to "
                        + home.toAbsolutePath().normalize().resolve(Launcher.DEPLOY) + "; stop with Ctrl-C");
                try {
                    framework.waitForStop(0); // until the shutdown hook (or a bundle) stops the framework
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return OK;
            });
        }
    }

    /** {@code run}: a task over the lines of the input, results streamed to standard output. */
    @Command(name = "run", description = "Run an installed task on every line of the input (one String argument"
            + " per line) and print each result on its own line, in input order, as it completes.")
    static final class Run implements Callable<Integer> {

        private final Io io;

        @Mixin
        private Common common;

        @Parameters(index = "0", paramLabel = "TASK", description = "The task's name (mpire.task); see 'list'.")
        String task;

        @Option(names = {"-j", "--jobs"}, paramLabel = "N", converter = PositiveInt.class,
                description = "The number of workers (default: one per processor).")
        Integer jobs;

        @Option(names = {"-s", "--start-method"}, paramLabel = "NAME",
                description = "thread, spawn, or another installed start method (default: the engine's default).")
        String startMethod;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE|-", defaultValue = "-",
                description = "The arguments, one per line (UTF-8); - for standard input (default: ${DEFAULT-VALUE}).")
        String input;

        @Option(names = {"-p", "--progress"}, description = "Show a progress bar on standard error.")
        boolean progress;

        @Option(names = "--option", paramLabel = "KEY=VALUE",
                description = "An option for the start method, repeatable: for hazelcast members=HOST:PORT,..."
                        + " (required) and clusterName=NAME.")
        Map<String, String> options;

        Run(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            BufferedReader reader;
            if (input.equals("-")) {
                reader = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
            } else {
                Path file = Path.of(input);
                String problem = !Files.exists(file) ? "no such file" : !Files.isRegularFile(file) ? "not a file"
                        : !Files.isReadable(file) ? "not readable" : null;
                if (problem != null) {
                    io.err().println("mpire4j: cannot read --input '" + input + "': " + problem
                            + "; pass a readable file, or - for standard input");
                    return USAGE;
                }
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            }
            if (options != null) {
                for (Map.Entry<String, String> option : options.entrySet()) {
                    if (option.getKey().isBlank()) {
                        io.err().println("mpire4j: --option '" + option.getKey() + "=" + option.getValue()
                                + "' has no KEY; pass KEY=VALUE, for example --option clusterName=dev");
                        return USAGE;
                    }
                }
            }
            Path home = common.home();
            quietHazelcast();
            try (reader) {
                return withFramework(io, home, QUIET, framework -> {
                    warnIfNotDeployed(io, framework, home);
                    return callBridge(framework, reader);
                });
            }
        }

        private int callBridge(Framework framework, BufferedReader reader) {
            Function<Map<String, Object>, Integer> bridge = Main.<Function<Map<String, Object>, Integer>>awaitService(
                    framework, RUN_FILTER, io.serviceWait());
            if (bridge == null) {
                io.err().println("mpire4j: the run command is not available: no " + RunCommand.COMMAND_PROPERTY + "="
                        + RunCommand.COMMAND + " service appeared within " + io.serviceWait().toSeconds()
                        + " s; is launcher-cli.jar in " + Launcher.BUNDLES + "/ and the core bundle active?");
                return FAILED;
            }
            Map<String, Object> request = new HashMap<>();
            request.put(RunCommand.TASK, task);
            request.put(RunCommand.INPUT, lines(reader));
            request.put(RunCommand.OUT, io.out());
            request.put(RunCommand.ERR, io.err());
            request.put(RunCommand.PROGRESS, progress);
            request.put(RunCommand.TASK_WAIT_MILLIS, TASK_WAIT.toMillis());
            if (jobs != null) {
                request.put(RunCommand.JOBS, jobs);
            }
            if (startMethod != null) {
                request.put(RunCommand.START_METHOD, startMethod);
            }
            if (options != null) {
                request.put(RunCommand.START_METHOD_OPTIONS, Map.copyOf(options));
            }
            return bridge.apply(request);
        }
    }

    /** {@code list}: tasks and start methods installed, with their bundles' versions. */
    @Command(name = "list", description = "List the tasks and start methods installed, with their bundles and versions.")
    static final class ListCommand implements Callable<Integer> {

        private final Io io;

        @Mixin
        private Common common;

        ListCommand(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Path home = common.home();
            quietHazelcast();
            return withFramework(io, home, QUIET, framework -> {
                warnIfNotDeployed(io, framework, home);
                BundleContext context = framework.getBundleContext();
                List<ServiceReference<?>> tasks = references(context, "org.mpire4j.api.Task", "(mpire.task=*)");
                tasks.sort((a, b) -> String.valueOf(a.getProperty("mpire.task"))
                        .compareTo(String.valueOf(b.getProperty("mpire.task"))));
                io.out().println("Tasks (run TASK):");
                if (tasks.isEmpty()) {
                    io.out().println("  none: copy a task bundle to " + home.toAbsolutePath().normalize()
                            .resolve(Launcher.DEPLOY));
                }
                for (ServiceReference<?> ref : tasks) {
                    io.out().printf(Locale.ROOT, "  %-20s %s%n", ref.getProperty("mpire.task"), bundle(ref.getBundle()));
                }
                List<ServiceReference<?>> methods = references(context, "org.mpire4j.api.StartMethod",
                        "(mpire.start.method=*)");
                methods.sort(Collections.reverseOrder()); // highest ranking first, as the engine orders them
                String configured = context.getProperty("mpire.default.start.method");
                String defaultName = configured != null && !configured.isBlank() ? configured
                        : methods.isEmpty() ? null : String.valueOf(methods.getFirst().getProperty("mpire.start.method"));
                io.out().println("Start methods (run --start-method NAME):");
                if (methods.isEmpty()) {
                    io.out().println("  none: add a start-method bundle such as thread.jar to " + Launcher.BUNDLES + "/");
                }
                for (ServiceReference<?> ref : methods) {
                    Object name = ref.getProperty("mpire.start.method");
                    Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
                    io.out().printf(Locale.ROOT, "  %-20s %s, ranking %s%s%n", name, bundle(ref.getBundle()),
                            ranking == null ? 0 : ranking, name.equals(defaultName) ? " (default)" : "");
                }
                return OK;
            });
        }

        private static String bundle(Bundle bundle) {
            return bundle == null ? "(unregistered)" : bundle.getSymbolicName() + " " + bundle.getVersion();
        }

        private static List<ServiceReference<?>> references(BundleContext context, String type, String filter) {
            try {
                // "All": the types are not visible to the system bundle, which asks here.
                ServiceReference<?>[] refs = context.getAllServiceReferences(type, filter);
                return refs == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(refs));
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e); // the filters are constants
            }
        }
    }

    /** {@code demo}: the examples bundle's demo job. */
    @Command(name = "demo", description = "Start every bundle, run the demo job, print its results and exit.")
    static final class Demo implements Callable<Integer> {

        private final Io io;

        @Mixin
        private Common common;

        Demo(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            return withFramework(io, common.home(), Map.of(), framework -> {
                Runnable demo = awaitService(framework, DEMO_FILTER, io.serviceWait());
                if (demo == null) {
                    io.err().println("mpire4j: no demo found: no bundle registered a java.lang.Runnable service with"
                            + " mpire.command=demo within " + io.serviceWait().toSeconds() + " s; is the examples"
                            + " bundle in " + Launcher.BUNDLES + "/?");
                    return FAILED;
                }
                try {
                    demo.run();
                    return OK;
                } catch (RuntimeException | Error e) {
                    io.err().println("mpire4j: the demo failed: " + e);
                    e.printStackTrace(io.err());
                    return FAILED;
                }
            });
        }
    }

    /**
     * {@code member}: a Hazelcast member inside the framework, which runs workers of the hazelcast
     * start method with the code of every bundle (bundles/ and deploy/). Standard output gets one
     * line, {@value #MEMBER_READY}{@code <address>}, once the member has joined its cluster.
     */
    @Command(name = "member", description = {"Start every bundle and, in the same JVM, a Hazelcast cluster member"
            + " that hosts workers of the hazelcast start method (run --start-method hazelcast) with the code of"
            + " every bundle; watch deploy/; run until Ctrl-C or SIGTERM.",
            "Prints '" + MEMBER_READY + "<address>' on standard output once the member has joined its cluster."})
    static final class Member implements Callable<Integer> {

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

        private final Io io;

        @Mixin
        private Common common;

        @Option(names = "--cluster", paramLabel = "NAME", defaultValue = DEFAULT_CLUSTER, converter = ClusterName.class,
                description = "The cluster's name; its members and clients use the same (default: ${DEFAULT-VALUE}).")
        String cluster;

        @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", converter = Ipv4.class,
                description = "The IPv4 address to bind (this interface only) and to publish (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", paramLabel = "N", defaultValue = "5701", converter = Port.class,
                description = "The port; never another when it is taken (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--members", paramLabel = "HOST:PORT", split = ",", converter = HostPort.class,
                description = "Members to join, comma-separated (TCP-IP only, no multicast; default: none, the member"
                        + " starts a cluster that others join).")
        List<String> members;

        @Option(names = "--die-with-parent",
                description = "Also stop, at once, when standard input ends: a member started by a script or a test"
                        + " never outlives it.")
        boolean dieWithParent;

        Member(Io io) {
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
            int status = withFramework(io, home, properties, framework -> {
                warnIfNotDeployed(io, framework, home);
                Function<Map<String, Object>, Map<String, Object>> command = awaitService(framework, MEMBER_FILTER,
                        io.serviceWait());
                if (command == null) {
                    io.err().println("mpire4j: the member command is not available: no mpire.command=member service"
                            + " appeared within " + io.serviceWait().toSeconds() + " s; are hazelcast.jar and"
                            + " com.hazelcast.hazelcast.jar in " + Launcher.BUNDLES + "/?");
                    return FAILED;
                }
                Map<String, Object> request = Map.of(CLUSTER, cluster, HOST, host, PORT, port, MEMBERS,
                        members == null ? List.of() : List.copyOf(members));
                Map<String, Object> member;
                try {
                    member = command.apply(request);
                } catch (RuntimeException e) {
                    io.err().println("mpire4j: the member did not start: " + oneLine(String.valueOf(e)));
                    return FAILED;
                }
                io.out().println(MEMBER_READY + member.get(ADDRESS));
                io.out().flush();
                io.err().println("mpire4j: member " + member.get(ADDRESS) + " of cluster '" + cluster + "' with "
                        + (framework.getBundleContext().getBundles().length - 1) + " bundles; deploy bundles to "
                        + home.resolve(Launcher.DEPLOY) + "; stop with Ctrl-C"
                        + (dieWithParent ? " or by closing standard input" : ""));
                return awaitEnd(member);
            });
            deleteQuietly(cache);
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
            return OK;
        }
    }

    /** Starts the framework, runs the command, and stops the framework again (also on Ctrl-C). */
    private static int withFramework(Io io, Path home, Map<String, String> properties,
            Function<Framework, Integer> command) {
        Framework framework;
        try {
            framework = Launcher.start(home, properties);
        } catch (LaunchException e) {
            io.err().println("mpire4j: " + e.getMessage());
            return START_FAILED;
        }
        // Ctrl-C or SIGTERM: stop the bundles cleanly before the JVM goes.
        Thread hook = new Thread(() -> Launcher.stop(framework), "mpire4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.apply(framework);
        } finally {
            Launcher.stop(framework);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing left to undo
            }
        }
    }

    /** Tells the user which jars of deploy/ are not active (yet): their tasks will be missing. */
    private static void warnIfNotDeployed(Io io, Framework framework, Path home) {
        try {
            List<String> missing = Launcher.awaitDeployed(framework, home, DEPLOY_WAIT);
            if (!missing.isEmpty()) {
                io.err().println("mpire4j: not started within " + DEPLOY_WAIT.toSeconds() + " s: " + Launcher.DEPLOY
                        + "/" + String.join(", " + Launcher.DEPLOY + "/", missing)
                        + "; their tasks are missing (see the framework's log for why)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a service by filter. The tracker tracks all services: their classes may not be
     * visible to the system bundle, whose context this is.
     */
    @SuppressWarnings("unchecked")
    private static <T> T awaitService(Framework framework, String filter, Duration wait) {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filters are constants
        }
        tracker.open(true);
        try {
            return (T) tracker.waitForService(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            tracker.close();
        }
    }

    /**
     * The input's lines, read lazily as the engine takes arguments; read errors surface as
     * {@link UncheckedIOException}, which fails the map.
     */
    private static Iterable<String> lines(BufferedReader reader) {
        return () -> new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String line = next;
                next = null;
                return line;
            }
        };
    }

    /** Deletes a folder tree, as far as it can: what is left is emptied on the next start anyway. */
    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> tree = Files.walk(folder)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left behind
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left behind
        }
    }

    /** Keeps Hazelcast's info messages off standard error: warnings and errors only. */
    private static void quietHazelcast() {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** {@code --port}: 1 to 65535. */
    static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port: pass a whole number from 1"
                    + " to 65535, for example --port 5701");
        }
    }

    /** {@code --host}: an IPv4 address (Hazelcast binds interfaces by address). */
    static final class Ipv4 implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String host = value.trim();
            if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && Arrays.stream(host.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255)) {
                return host;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not an IPv4 address: pass the address"
                    + " of the interface to bind, for example --host 127.0.0.1 or --host 10.0.0.5");
        }
    }

    /** One entry of {@code --members}: {@code HOST:PORT}, or {@code HOST} for Hazelcast's ports 5701 to 5703. */
    static final class HostPort implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String member = value.trim();
            int colon = member.lastIndexOf(':');
            String host = colon < 0 ? member : member.substring(0, colon);
            boolean ok = host.matches("[A-Za-z0-9.\\-]+");
            if (ok && colon >= 0) {
                try {
                    new Port().convert(member.substring(colon + 1));
                } catch (CommandLine.TypeConversionException e) {
                    ok = false;
                }
            }
            if (ok) {
                return member;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT: pass the members to join"
                    + " comma-separated, for example --members 127.0.0.1:5701,127.0.0.1:5702");
        }
    }

    /** {@code --cluster}: not blank. */
    static final class ClusterName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a cluster name: pass one that is"
                        + " not blank, for example --cluster dev");
            }
            return value.strip();
        }
    }

    /** {@code --jobs}: a whole number of at least 1, with a message that says so. */
    static final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number >= 1: pass the"
                    + " number of workers, for example --jobs 4, or leave it out for one per processor");
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\R+", " ");
    }

    /** The folder holding launcher.jar, else the working directory (when run from classes). */
    private static Path defaultHome() {
        try {
            CodeSource source = Main.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path location = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(location)) {
                    return location.toAbsolutePath().getParent();
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
