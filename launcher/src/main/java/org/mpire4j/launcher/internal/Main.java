package org.mpire4j.launcher.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.mpire4j.launcher.cli.RunCommand;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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
 * <h2>Attached runs</h2>
 * While a {@code serve} runs, launcher.jar's entry point {@link Start} hands a {@code run} command line
 * (unless it has {@code --local}) to it before this class even loads ({@link AttachClient}); serve runs it with this
 * same class and {@link Run} against its own framework ({@link AttachServer}, {@link #runAttached}),
 * the connection standing in for the standard streams ({@link Attach} describes the protocol).
 *
 * <p>Exit status: {@value #OK} success, {@value #FAILED} the command failed, {@value #USAGE} bad
 * command line (including an unknown task or start method, or unreadable input), {@value #START_FAILED}
 * the framework or a bundle did not start; {@code serve} and {@code member} end on a signal, with the
 * JVM's status for it: 130 for Ctrl-C (SIGINT), 143 for SIGTERM, once the framework has stopped.
 */
@Command(name = Main.NAME, description = "Runs mpire4j: an OSGi framework with the bundles of bundles/,"
        + " hot deployment from deploy/, and commands on top.", sortOptions = false,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the command failed (a task threw, the demo failed)",
                "2:bad command line: unknown command, task, start method or option, bad number or address,"
                        + " unreadable input",
                "3:the framework or a bundle did not start",
                "130:serve or member stopped by Ctrl-C (SIGINT), after stopping the framework cleanly",
                "143:serve or member stopped by SIGTERM, likewise"})
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
    static final Map<String, String> QUIET = Map.of("felix.fileinstall.log.level", "1");

    private final Io io;

    @Mixin
    private Common common;

    private Main(Io io) {
        this.io = io;
    }

    /**
     * Runs the command line in this JVM and exits with its status (launcher.jar's entry point,
     * {@link Start}, first hands a {@code run} to a running serve).
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
        return run(args, new Io(in, out, err, serviceWait));
    }

    /**
     * Runs a command line that a client sent to serve ({@link AttachServer}): only {@code run}, the
     * same command, parsing and messages as a local one, with {@code io} carrying serve's framework.
     *
     * @param args the client's command line
     * @param io the connection's streams, and serve's framework
     * @return the exit status
     */
    static int runAttached(List<String> args, Io io) {
        if (Attach.runIndex(args) < 0) {
            io.err().println("mpire4j: serve takes only run commands; see '" + NAME + " --help'");
            return USAGE;
        }
        return run(args.toArray(String[]::new), io);
    }

    private static int run(String[] args, Io io) {
        InputStream in = io.in();
        PrintStream out = io.out();
        PrintStream err = io.err();
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

    /**
     * The streams and waits of one invocation (tests pass their own).
     *
     * @param attached for a run that a client sent to serve: serve's framework and the client's
     *     surroundings; {@code null} for a command of this process
     */
    record Io(InputStream in, PrintStream out, PrintStream err, Duration serviceWait, Attached attached) {

        Io(InputStream in, PrintStream out, PrintStream err, Duration serviceWait) {
            this(in, out, err, serviceWait, null);
        }

        /** The folder a relative {@code --input} is in: the client's, for an attached run. */
        Path workingDirectory() {
            return attached != null ? attached.workingDirectory() : Path.of("").toAbsolutePath();
        }

        /** The process whose {@code /dev/stdin} and {@code /dev/fd/N} an {@code --input} names. */
        long callerPid() {
            return attached != null ? attached.pid() : ProcessHandle.current().pid();
        }

        /**
         * Whether standard error is a terminal, for the progress bar: the client's, for an attached
         * run; else only the process's own (tests pass other streams). Ask before the framework starts:
         * the Gogo runtime then replaces System.err with its own.
         */
        boolean errIsTerminal() {
            return attached != null ? attached.errTerminal() : err == System.err && Terminal.standardError();
        }
    }

    /**
     * A run that a client sent to a running serve.
     *
     * @param framework serve's framework, whose deployed tasks the run uses
     * @param home serve's distribution folder
     * @param workingDirectory the client's working directory
     * @param pid the client's process id
     * @param errTerminal whether the client's standard error is a terminal
     * @param onCancel where the run registers how to stop it, for when its client goes away
     */
    record Attached(Framework framework, Path home, Path workingDirectory, long pid, boolean errTerminal,
            java.util.function.Consumer<Runnable> onCancel) {
    }

    /** Options every command takes. */
    static final class Common {

        @Option(names = "--home", paramLabel = "DIR",
                description = "The distribution folder holding bundles/ and deploy/ (default: the folder of launcher.jar).")
        Path home;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        Path home() {
            return home != null ? home : Start.defaultHome();
        }
    }

    /**
     * Starts the framework, runs the command, and stops the framework again (also on Ctrl-C). Unless
     * the properties name a cache, the framework gets one of its own for this command
     * ({@link Launcher#commandCache}), removed again when it has stopped.
     */
    static int withFramework(Io io, String commandName, Path home, Map<String, String> properties,
            Function<Framework, Integer> command) {
        Path ownCache = properties.containsKey(Constants.FRAMEWORK_STORAGE) ? null
                : Launcher.commandCache(home, commandName);
        Map<String, String> config = new HashMap<>(properties);
        if (ownCache != null) {
            config.put(Constants.FRAMEWORK_STORAGE, ownCache.toString());
        }
        Framework framework;
        try {
            framework = Launcher.start(home, config);
        } catch (LaunchException e) {
            io.err().println("mpire4j: " + e.getMessage());
            removeCache(ownCache);
            return START_FAILED;
        }
        // Ctrl-C or SIGTERM: stop the bundles cleanly before the JVM goes (and the main thread with it).
        Thread hook = new Thread(() -> {
            Launcher.stop(framework);
            removeCache(ownCache);
        }, "mpire4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.apply(framework);
        } finally {
            Launcher.stop(framework);
            removeCache(ownCache);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing left to undo
            }
        }
    }

    /**
     * Removes a command's framework cache. Both the shutdown hook and the main thread call this on a signal,
     * at the same moment: one at a time, and again while the folder is still there (a walk that met a file the
     * other one had just deleted gives up, and the framework may still write while it stops).
     */
    private static synchronized void removeCache(Path cache) {
        for (int attempt = 0; cache != null && attempt < 5 && java.nio.file.Files.exists(cache); attempt++) {
            Launcher.deleteTree(cache);
        }
    }

    /** Tells the user which jars of deploy/ are not active (yet): their tasks will be missing. */
    static void warnIfNotDeployed(Io io, Framework framework, Path home) {
        try {
            List<String> missing = Launcher.awaitDeployed(framework, home, DEPLOY_WAIT);
            if (!missing.isEmpty()) {
                io.err().println("mpire4j: not (re)deployed within " + DEPLOY_WAIT.toSeconds() + " s: " + Launcher.DEPLOY
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
    static <T> T awaitService(Framework framework, String filter, Duration wait) {
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

    /** Keeps Hazelcast's info messages off standard error: warnings and errors only. */
    static void quietHazelcast() {
        HazelcastLog.LOGGER.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Hazelcast's java.util.logging parent logger: commands whose output carries results keep its
     * info (a client connecting, for run on hazelcast) off standard error. Held: java.util.logging
     * keeps loggers, and with them their level, only weakly. In a holder class: an attached run's
     * client never loads java.util.logging.
     */
    private static final class HazelcastLog {
        static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger("com.hazelcast");
    }

    static String oneLine(String text) {
        return text.replaceAll("\\R+", " ");
    }
}
