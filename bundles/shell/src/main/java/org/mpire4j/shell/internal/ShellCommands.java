package org.mpire4j.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.mpire4j.api.MapObserver;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@code mpire} commands of the Apache Felix Gogo shell: {@code run}, {@code list}, {@code maps}
 * and {@code cancel}. Gogo finds them through the service properties {@code osgi.command.scope} and
 * {@code osgi.command.function}, so they work in any framework that has a Gogo runtime.
 *
 * <p>The component is also a {@link MapObserver} service: the engine reports every pool's maps to it,
 * which is what {@code mpire:maps} lists. The engine is looked up when a command needs it instead of
 * being a DS reference: the engine references the observers, and a mandatory reference back would make
 * a cycle for SCR to untangle.
 */
// Immediate: the instance (its map table, its runs) lives as long as the bundle, not as long as some
// bundle happens to hold the service.
@Component(immediate = true, service = {Object.class, MapObserver.class}, property = {
    "osgi.command.scope=mpire",
    "osgi.command.function=run",
    "osgi.command.function=list",
    "osgi.command.function=maps",
    "osgi.command.function=cancel"})
public final class ShellCommands implements MapObserver {

    /** How long {@code mpire:run} waits for the engine, for a framework still starting. */
    private static final long ENGINE_WAIT_MILLIS = 5_000;

    private final BundleContext context;
    private final MapTable table = new MapTable();
    /** The pools of the maps that mpire:run is running now, by map id: what mpire:cancel can stop. */
    private final Map<Long, WorkerPool<?>> runs = new ConcurrentHashMap<>();

    /**
     * Creates the commands.
     *
     * @param context this bundle's context, to look up tasks, start methods and the engine
     */
    @Activate
    public ShellCommands(BundleContext context) {
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        // The shell's runs end with the bundle: their pools would otherwise outlive their classes.
        runs.values().forEach(WorkerPool::terminate);
    }

    /**
     * {@code mpire:run}: runs an installed task on every line of the input and prints each result on
     * its own line, in input order, as it completes.
     *
     * @param session the shell session (its current folder resolves a relative {@code --input})
     * @param words {@code TASK [-s METHOD] [-j N] [--input FILE] [--option KEY=VALUE]...}
     * @throws IOException if the input cannot be read
     */
    @Descriptor("Run an installed task (mpire.task, see mpire:list) on every line of the input; results in input order")
    public void run(CommandSession session,
            @Descriptor("TASK [-s METHOD] [-j N] [--input FILE] [--option KEY=VALUE]...; without --input the"
                    + " lines come from standard input") Object... words) throws IOException {
        RunArguments arguments = RunArguments.parse(words);
        WorkerPoolFactory factory = awaitEngine();
        if (arguments.startMethod() != null && !factory.startMethods().contains(arguments.startMethod())) {
            throw new IllegalArgumentException("unknown start method '" + arguments.startMethod() + "'; installed: "
                    + String.join(", ", factory.startMethods()) + ". Pass one of them to -s, or install the bundle"
                    + " that provides it");
        }
        ServiceReference<Task> reference = taskReference(arguments.task());
        if (reference == null) {
            throw new IllegalArgumentException("unknown task '" + arguments.task() + "'; installed: "
                    + String.join(", ", taskNames()) + ". Pick one of them (see mpire:list), or install the bundle"
                    + " that provides it");
        }
        @SuppressWarnings("unchecked")
        Task<Object, String, Object> task = context.getService(reference);
        if (task == null) {
            throw new IllegalStateException("task '" + arguments.task() + "' went away while starting; run again");
        }
        Process process = Process.Utils.current();
        PrintStream out = process != null ? process.out() : System.out;
        try (BufferedReader reader = open(session, arguments.input(), process)) {
            run(factory, task, arguments, reader, total(session, arguments.input()), out);
        } finally {
            context.ungetService(reference);
        }
    }

    private void run(WorkerPoolFactory factory, Task<Object, String, Object> task, RunArguments arguments,
            BufferedReader reader, long total, PrintStream out) {
        AtomicLong mapId = new AtomicLong(-1);
        WorkerPool<?>[] holder = new WorkerPool<?>[1];
        PoolBuilder<Void> builder = factory.builder().startMethod(arguments.startMethod())
                .observer(new MapObserver() {
                    @Override
                    public void started(MapInfo map) {
                        // Called by imap on this thread, before the first result: from now on cancellable.
                        mapId.set(map.id());
                        runs.put(map.id(), holder[0]);
                    }

                    @Override
                    public void progressed(long id, long done, long all) {
                    }

                    @Override
                    public void finished(long id, Throwable error, PoolInsights insights) {
                        runs.remove(id);
                    }
                });
        if (arguments.jobs() != null) {
            builder.jobs(arguments.jobs());
        }
        arguments.options().forEach(builder::startMethodOption);
        MapOptions<Void> options = total >= 0 ? MapOptions.<Void>defaults().length(total) : MapOptions.defaults();
        Iterable<String> lines = () -> reader.lines().iterator();
        try (WorkerPool<Void> pool = builder.build()) {
            holder[0] = pool;
            try (Stream<Object> results = pool.imap(task, lines, options)) {
                results.forEachOrdered(result -> {
                    out.println(result);
                    out.flush();
                });
            }
        } catch (TaskFailedException e) {
            throw new IllegalStateException("task '" + arguments.task() + "' failed: " + oneLine(e), e);
        } catch (RuntimeException e) {
            long id = mapId.get();
            if (id >= 0 && table.isCancelled(id)) {
                throw new IllegalStateException("map " + id + " (task '" + arguments.task() + "') was cancelled");
            }
            throw e;
        } finally {
            if (mapId.get() >= 0) {
                runs.remove(mapId.get());
            }
        }
    }

    /**
     * {@code mpire:list}: the tasks and start methods installed, with their bundles and versions.
     */
    @Descriptor("List the installed tasks and start methods, with their bundles and versions")
    public void list() {
        PrintStream out = out();
        List<ServiceReference<Task>> tasks = references(Task.class, "(" + Task.NAME_PROPERTY + "=*)");
        tasks.sort((a, b) -> String.valueOf(a.getProperty(Task.NAME_PROPERTY))
                .compareTo(String.valueOf(b.getProperty(Task.NAME_PROPERTY))));
        out.println("Tasks (mpire:run TASK):");
        if (tasks.isEmpty()) {
            out.println("  none: install a task bundle");
        }
        for (ServiceReference<Task> ref : tasks) {
            out.printf(Locale.ROOT, "  %-20s %s%n", ref.getProperty(Task.NAME_PROPERTY), bundle(ref.getBundle()));
        }
        List<ServiceReference<StartMethod>> methods = references(StartMethod.class,
                "(" + StartMethod.NAME_PROPERTY + "=*)");
        methods.sort(Collections.reverseOrder()); // highest ranking first, as the engine orders them
        WorkerPoolFactory factory = engineNow();
        String defaultName = factory == null || factory.startMethods().isEmpty() ? null
                : factory.startMethods().getFirst();
        out.println("Start methods (mpire:run TASK -s METHOD):");
        if (methods.isEmpty()) {
            out.println("  none: install a start-method bundle such as org.mpire4j.thread");
        }
        for (ServiceReference<StartMethod> ref : methods) {
            Object name = ref.getProperty(StartMethod.NAME_PROPERTY);
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            out.printf(Locale.ROOT, "  %-20s %s, ranking %s%s%n", name, bundle(ref.getBundle()),
                    ranking == null ? 0 : ranking, name.equals(defaultName) ? " (default)" : "");
        }
        if (factory == null) {
            out.println("The engine (org.mpire4j.core) is not active: mpire:run cannot run anything yet.");
        }
    }

    /**
     * {@code mpire:maps}: the maps of this framework, running and recently finished, with progress.
     */
    @Descriptor("List the maps of this framework, running and recently finished, with their progress")
    public void maps() {
        PrintStream out = out();
        List<String> lines = table.lines();
        if (lines.size() == 1) {
            out.println("No maps yet: start one with mpire:run TASK.");
            return;
        }
        lines.forEach(out::println);
    }

    /**
     * {@code mpire:cancel}: stops a map that {@code mpire:run} is running.
     *
     * @param id the map's id, as {@code mpire:maps} shows it
     */
    @Descriptor("Cancel a map started by mpire:run (its workers are stopped at once)")
    public void cancel(@Descriptor("the map's ID, see mpire:maps") String id) {
        long mapId;
        try {
            mapId = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("map id must be a number as mpire:maps shows it, was '" + id + "'");
        }
        WorkerPool<?> pool = runs.remove(mapId);
        if (pool != null) {
            table.cancelled(mapId);
            pool.terminate();
            // Printed rather than returned: the console alone prints results, a session's own output would not see it.
            out().println("cancelled map " + mapId);
            return;
        }
        if (table.contains(mapId)) {
            throw new IllegalArgumentException("map " + mapId + " is not running under mpire:run (it finished, or"
                    + " its pool belongs to another caller, which alone can stop it); see mpire:maps");
        }
        throw new IllegalArgumentException("no map with id " + mapId + "; see mpire:maps for the ids of the maps");
    }

    @Override
    public void started(MapInfo map) {
        table.started(map);
    }

    @Override
    public void progressed(long mapId, long done, long total) {
        table.progressed(mapId, done, total);
    }

    @Override
    public void finished(long mapId, Throwable error, PoolInsights insights) {
        table.finished(mapId, error, insights);
    }

    /**
     * The engine, looked up afresh (waiting a little, for a framework still starting): a tracker kept
     * open across commands would go stale when the engine's bundle is refreshed.
     */
    private WorkerPoolFactory awaitEngine() {
        ServiceTracker<WorkerPoolFactory, WorkerPoolFactory> tracker = new ServiceTracker<>(context,
                WorkerPoolFactory.class, null);
        tracker.open();
        try {
            WorkerPoolFactory factory = tracker.waitForService(ENGINE_WAIT_MILLIS);
            if (factory == null) {
                throw new IllegalStateException("no engine: no WorkerPoolFactory service usable by org.mpire4j.shell"
                        + " appeared within " + ENGINE_WAIT_MILLIS / 1000 + " s (" + allEngines() + " registered in"
                        + " all); start the org.mpire4j.core bundle, and check both use the same org.mpire4j.api (lb)");
            }
            return factory;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine", e);
        } finally {
            // The service object stays valid while its bundle is active; the run holds no registration.
            tracker.close();
        }
    }

    /** The engine now, or {@code null}: for mpire:list, which does not wait. */
    private WorkerPoolFactory engineNow() {
        ServiceReference<WorkerPoolFactory> reference = context.getServiceReference(WorkerPoolFactory.class);
        if (reference == null) {
            return null;
        }
        WorkerPoolFactory factory = context.getService(reference);
        context.ungetService(reference);
        return factory;
    }

    private int allEngines() {
        try {
            ServiceReference<?>[] all = context.getAllServiceReferences(WorkerPoolFactory.class.getName(), null);
            return all == null ? 0 : all.length;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter
        }
    }

    private ServiceReference<Task> taskReference(String name) {
        // Compared as a value, not put into a filter: a name with filter characters needs no escaping.
        List<ServiceReference<Task>> refs = new ArrayList<>(references(Task.class, "(" + Task.NAME_PROPERTY + "=*)"));
        refs.removeIf(ref -> !name.equals(String.valueOf(ref.getProperty(Task.NAME_PROPERTY))));
        // Highest ranking wins, as for any service lookup.
        return refs.isEmpty() ? null : Collections.max(refs);
    }

    private Collection<String> taskNames() {
        TreeSet<String> names = new TreeSet<>();
        references(Task.class, "(" + Task.NAME_PROPERTY + "=*)")
                .forEach(ref -> names.add(String.valueOf(ref.getProperty(Task.NAME_PROPERTY))));
        return names.isEmpty() ? List.of("none") : names;
    }

    private <T> List<ServiceReference<T>> references(Class<T> type, String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter + ": " + e.getMessage(), e);
        }
    }

    private static BufferedReader open(CommandSession session, String input, Process process) throws IOException {
        if (input == null) {
            InputStream in = process != null ? process.in() : System.in;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Path file = resolve(session, input);
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--input " + input + ": no such file (" + file
                    + "); pass an existing file of arguments, one per line", e);
        }
    }

    /** The number of lines of a file, for the progress of mpire:maps; -1 for standard input. */
    private static long total(CommandSession session, String input) throws IOException {
        if (input == null) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(resolve(session, input), StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Path resolve(CommandSession session, String input) {
        Path dir = session == null ? null : session.currentDir();
        return dir == null ? Path.of(input) : dir.resolve(input);
    }

    private static PrintStream out() {
        Process process = Process.Utils.current();
        return process != null ? process.out() : System.out;
    }

    private static String bundle(Bundle bundle) {
        return bundle == null ? "(unregistered)" : bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private static String oneLine(Throwable e) {
        return String.valueOf(e.getMessage()).replaceAll("\\R+", " ");
    }
}
