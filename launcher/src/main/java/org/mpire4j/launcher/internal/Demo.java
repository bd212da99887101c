package org.mpire4j.launcher.internal;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code demo}: the examples bundle's demo job. */
@Command(name = "demo", description = "Start every bundle, run the demo job, print its results and exit.")
final class Demo implements Callable<Integer> {

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    Demo(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return Main.withFramework(io, "demo", common.home(), Map.of(), framework -> {
            Runnable demo = Main.awaitService(framework, Main.DEMO_FILTER, io.serviceWait());
            if (demo == null) {
                io.err().println("mpire4j: no demo found: no bundle registered a java.lang.Runnable service with"
                        + " mpire.command=demo within " + io.serviceWait().toSeconds() + " s; is the examples"
                        + " bundle in " + Launcher.BUNDLES + "/?");
                return Main.FAILED;
            }
            try {
                demo.run();
                return Main.OK;
            } catch (RuntimeException | Error e) {
                io.err().println("mpire4j: the demo failed: " + e);
                e.printStackTrace(io.err());
                return Main.FAILED;
            }
        });
    }
}
