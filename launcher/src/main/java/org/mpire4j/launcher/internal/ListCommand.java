package org.mpire4j.launcher.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code list}: tasks and start methods installed, with their bundles' versions. */
@Command(name = "list", description = "List the tasks and start methods installed, with their bundles and versions.")
final class ListCommand implements Callable<Integer> {

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    ListCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path home = common.home();
        Main.quietHazelcast();
        // A listing has no maps to watch: no dashboard, and no line announcing one.
        Map<String, String> properties = new HashMap<>(Main.QUIET);
        properties.put("mpire.dashboard.port", "off");
        return Main.withFramework(io, "list", home, properties, framework -> {
            Main.warnIfNotDeployed(io, framework, home);
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
            return Main.OK;
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
