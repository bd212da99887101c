package org.mpire4j.launcher.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.framework.launch.Framework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the framework and the deploy folder, until Ctrl-C or SIGTERM. On a terminal it also
 * opens the Apache Felix Gogo console (the {@code mpire:} commands of the shell bundle); without one it
 * reads nothing and prints nothing more.
 *
 * <p>It also takes {@code run} commands handed to it by clients on the same distribution
 * ({@link AttachServer}, {@link Attach}): they run on this framework, with its deployed tasks.
 */
@Command(name = "serve", description = "Start every bundle and watch deploy/ until Ctrl-C or SIGTERM (the default)."
        + " On a terminal, also open the shell console (mpire:list, mpire:run, mpire:maps, mpire:cancel; exit stops).")
final class Serve implements Callable<Integer> {

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    @Option(names = "--no-console", description = "No shell console, even on a terminal.")
    boolean noConsole;

    Serve(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return serve(common.home());
    }

    int serve(Path home) {
        // Only for a person at a terminal, and only on the process's own streams (tests pass others).
        // Decided before the framework starts: the Gogo runtime then replaces System.out with its own.
        boolean console = !noConsole && io.in() == System.in && io.out() == System.out && Terminal.interactive();
        return Main.withFramework(io, "serve", home, Map.of(), framework -> {
            AttachServer attach = AttachServer.start(home, framework, io.err());
            // Also on a signal: the shutdown hook stops the framework while this thread may not get to its finally.
            Thread closeAttach = new Thread(() -> {
                if (attach != null) {
                    attach.close();
                }
            }, "mpire4j-attach-close");
            Runtime.getRuntime().addShutdownHook(closeAttach);
            try {
                return serve(framework, home, console);
            } finally {
                closeAttach.run();
                try {
                    Runtime.getRuntime().removeShutdownHook(closeAttach);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook closes it too; closing twice is fine
                }
            }
        });
    }

    private int serve(Framework framework, Path home, boolean console) {
        // every bundle but the system bundle (id 0)
        io.out().println("mpire4j: " + (framework.getBundleContext().getBundles().length - 1)
                + " bundles started; deploy bundles to "
                + home.toAbsolutePath().normalize().resolve(Launcher.DEPLOY) + "; stop with "
                + (console ? "Ctrl-D or 'exit 0' (shell commands: help mpire)" : "Ctrl-C"));
        if (console) {
            try {
                Launcher.startConsole(framework, home);
            } catch (LaunchException e) {
                io.err().println("mpire4j: " + e.getMessage());
                return Main.START_FAILED;
            }
        }
        try {
            framework.waitForStop(0); // until the shutdown hook (or a bundle) stops the framework
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }
}
