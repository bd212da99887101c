package org.mpire4j.launcher.internal;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The command line of {@code launcher.jar}: {@code java -jar launcher.jar [serve|demo] [--home DIR]}.
 *
 * <p>Exit status: {@value #OK} success, {@value #FAILED} the demo failed or never appeared,
 * {@value #USAGE} bad command line, {@value #START_FAILED} the framework or a bundle did not start.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int START_FAILED = 3;

    /** The service the examples bundle registers for the {@code demo} command. */
    static final String DEMO_FILTER = "(&(objectClass=java.lang.Runnable)(mpire.command=demo))";

    static final Duration DEMO_WAIT = Duration.ofSeconds(30);

    static final String USAGE_TEXT = """
            Usage: java -jar launcher.jar [serve|demo] [--home DIR]
              serve       start every bundle and run until Ctrl-C or SIGTERM (the default)
              demo        start every bundle, run the demo job, print its results and exit
              --home DIR  the distribution folder holding bundles/ and deploy/
                          (default: the folder of launcher.jar)
            Exit status: 0 ok, 1 the demo failed or never appeared, 2 bad command line,
                         3 the framework or a bundle did not start.""";

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args {@code [serve|demo] [--home DIR]}
     */
    public static void main(String[] args) {
        // Exit explicitly: a bundle may have left non-daemon threads behind after the framework stopped.
        System.exit(run(args, System.out, System.err, DEMO_WAIT));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Duration demoWait) {
        String command = null;
        Path home = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--home") || arg.startsWith("--home=")) {
                String value = arg.equals("--home") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(7);
                if (value.isEmpty()) {
                    return usage(err, "--home needs a folder");
                }
                home = Path.of(value);
            } else if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                out.println(USAGE_TEXT);
                return OK;
            } else if ((arg.equals("serve") || arg.equals("demo")) && command == null) {
                command = arg;
            } else {
                return usage(err, command != null && (arg.equals("serve") || arg.equals("demo"))
                        ? "only one command may be given, found " + command + " and " + arg
                        : "unknown command or option '" + arg + "'");
            }
        }
        if (home == null) {
            home = defaultHome();
        }

        Framework framework;
        try {
            framework = Launcher.start(home);
        } catch (LaunchException e) {
            err.println("mpire4j: " + e.getMessage());
            return START_FAILED;
        }
        // Ctrl-C or SIGTERM: stop the bundles cleanly before the JVM goes.
        Thread hook = new Thread(() -> Launcher.stop(framework), "mpire4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return "demo".equals(command) ? demo(framework, out, err, demoWait) : serve(framework, home, out);
        } finally {
            Launcher.stop(framework);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing left to undo
            }
        }
    }

    private static int serve(Framework framework, Path home, PrintStream out) {
        // every bundle but the system bundle (id 0)
        out.println("mpire4j: " + (framework.getBundleContext().getBundles().length - 1) + " bundles started; deploy"
                + " bundles to " + home.toAbsolutePath().normalize().resolve(Launcher.DEPLOY)
                + "; stop with Ctrl-C");
        try {
            framework.waitForStop(0); // until the shutdown hook (or a bundle) stops the framework
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static int demo(Framework framework, PrintStream out, PrintStream err, Duration wait) {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<Runnable, Runnable> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(DEMO_FILTER), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is a constant
        }
        tracker.open();
        try {
            Runnable demo = tracker.waitForService(wait.toMillis());
            if (demo == null) {
                err.println("mpire4j: no demo found: no bundle registered a java.lang.Runnable service with"
                        + " mpire.command=demo within " + wait.toSeconds() + " s; is the examples bundle in "
                        + Launcher.BUNDLES + "/?");
                return FAILED;
            }
            demo.run();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mpire4j: interrupted while waiting for the demo");
            return FAILED;
        } catch (RuntimeException | Error e) {
            err.println("mpire4j: the demo failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            tracker.close();
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("mpire4j: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
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
