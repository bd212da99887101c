package org.mpire4j.launcher.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: the framework and the deploy folder, until Ctrl-C or SIGTERM. */
@Command(name = "serve", description = "Start every bundle and watch deploy/ until Ctrl-C or SIGTERM (the default).")
final class Serve implements Callable<Integer> {

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    Serve(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return serve(common.home());
    }

    int serve(Path home) {
        return Main.withFramework(io, "serve", home, Map.of(), framework -> {
            // every bundle but the system bundle (id 0)
            io.out().println("mpire4j: " + (framework.getBundleContext().getBundles().length - 1)
                    + " bundles started; deploy bundles to "
                    + home.toAbsolutePath().normalize().resolve(Launcher.DEPLOY) + "; stop with Ctrl-C");
            try {
                framework.waitForStop(0); // until the shutdown hook (or a bundle) stops the framework
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Main.OK;
        });
    }
}
