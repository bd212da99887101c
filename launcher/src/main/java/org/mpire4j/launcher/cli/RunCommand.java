package org.mpire4j.launcher.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.mpire4j.api.MapOptions;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.Task;
import org.mpire4j.api.TaskFailedException;
import org.mpire4j.api.WorkerException;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@code run} command of the launcher, inside the framework: the bridge between the launcher's
 * class space, which has no api types, and the engine.
 *
 * <p>The launcher runs outside the framework and cannot cast to {@code org.mpire4j.api} types (its
 * class loader does not see the api bundle's classes). This component therefore offers the command
 * through JDK types only: it is a {@code java.util.function.Function<Map<String, Object>, Integer>}
 * service with {@value #COMMAND_PROPERTY}{@code =}{@value #COMMAND}. The request map holds the keys
 * below (their values are JDK types); the result is the command's exit status. Results are printed to
 * {@link #OUT} as they complete (in input order, through {@code imap}); problems are one line on
 * {@link #ERR}, followed for a task that threw by the worker's stack trace of its exception.
 *
 * <p>The keys are compile-time constants, so that the launcher can name them without loading this
 * class (javac copies their values).
 */
@Component(service = java.util.function.Function.class, property = RunCommand.COMMAND_PROPERTY + "=" + RunCommand.COMMAND)
public final class RunCommand implements java.util.function.Function<Map<String, Object>, Integer> {

    /** The service property naming a launcher command. */
    public static final String COMMAND_PROPERTY = "mpire.command";

    /** This command's name. */
    public static final String COMMAND = "run";

    /** Request key: the task's name ({@code String}, required). */
    public static final String TASK = "task";

    /** Request key: the number of workers ({@code Integer}; absent for one per processor). */
    public static final String JOBS = "jobs";

    /** Request key: the start method's name ({@code String}; absent for the default). */
    public static final String START_METHOD = "startMethod";

    /**
     * Request key: options for the start method, such as {@code members} and {@code clusterName} for
     * {@code hazelcast} ({@code Map<String, String>}; absent for none).
     */
    public static final String START_METHOD_OPTIONS = "startMethodOptions";

    /** Request key: the arguments ({@code Iterable<String>}, read lazily; required). */
    public static final String INPUT = "input";

    /** Request key: whether to show a progress bar on standard error ({@code Boolean}). */
    public static final String PROGRESS = "progress";

    /**
     * Request key: the number of arguments, when the launcher knows it before the map starts
     * ({@code Long}; absent when unknown), for the progress bar's and the dashboard's percentage and ETA.
     */
    public static final String TOTAL = "total";

    /**
     * Request key: whether standard error, where the progress bar goes, is a terminal ({@code Boolean}):
     * then the bar redraws one line in place, else it prints plain lines.
     */
    public static final String PROGRESS_TERMINAL = "progressTerminal";

    /** Request key: where results go, one per line ({@code PrintStream}, required). */
    public static final String OUT = "out";

    /** Request key: where problems go ({@code PrintStream}, required). */
    public static final String ERR = "err";

    /**
     * Request key: how long to wait for the task's service to appear ({@code Long} milliseconds;
     * absent for none), for tasks of a bundle that is being (re)deployed right now.
     */
    public static final String TASK_WAIT_MILLIS = "taskWaitMillis";

    /**
     * Request key: where to register how to cancel this run ({@code java.util.function.Consumer<Runnable>};
     * absent for none): the command passes it an action that terminates the run's pool, and the caller
     * runs that action when nobody waits for the results any more (an attached run's client went away).
     */
    public static final String ON_CANCEL = "onCancel";

    /** Exit status: the results were printed. */
    public static final int OK = 0;

    /** Exit status: the map failed (a task threw, a worker died, the input could not be read). */
    public static final int FAILED = 1;

    /**
     * Exit status: the request named a task or start method that is not installed, or the start
     * method rejected its options.
     */
    public static final int USAGE = 2;

    private final WorkerPoolFactory factory;
    private final BundleContext context;

    /**
     * Creates the command.
     *
     * @param factory the engine
     * @param context this bundle's context, to look tasks up on the whiteboard
     */
    @Activate
    public RunCommand(@Reference WorkerPoolFactory factory, BundleContext context) {
        this.factory = factory;
        this.context = context;
    }

    @Override
    public Integer apply(Map<String, Object> request) {
        String name = (String) Objects.requireNonNull(request.get(TASK), TASK);
        @SuppressWarnings("unchecked")
        Iterable<String> input = (Iterable<String>) Objects.requireNonNull(request.get(INPUT), INPUT);
        PrintStream out = (PrintStream) Objects.requireNonNull(request.get(OUT), OUT);
        PrintStream err = (PrintStream) Objects.requireNonNull(request.get(ERR), ERR);
        String startMethod = (String) request.get(START_METHOD);
        Integer jobs = (Integer) request.get(JOBS);
        @SuppressWarnings("unchecked")
        Map<String, String> options = (Map<String, String>) request.getOrDefault(START_METHOD_OPTIONS, Map.of());
        boolean progress = Boolean.TRUE.equals(request.get(PROGRESS));
        boolean terminal = Boolean.TRUE.equals(request.get(PROGRESS_TERMINAL));
        long total = request.get(TOTAL) instanceof Long known ? known : -1;
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<Runnable> onCancel = (java.util.function.Consumer<Runnable>) request.get(ON_CANCEL);
        Duration taskWait = Duration.ofMillis(request.get(TASK_WAIT_MILLIS) instanceof Long millis ? millis : 0L);

        if (startMethod != null && !factory.startMethods().contains(startMethod)) {
            err.println("mpire4j: unknown start method '" + startMethod + "'; installed: "
                    + String.join(", ", factory.startMethods()) + ". Pass one of them to --start-method,"
                    + " or deploy the bundle that provides it");
            return USAGE;
        }
        ServiceTracker<Task<?, ?, ?>, Task<?, ?, ?>> tracker = new ServiceTracker<>(context, taskFilter(name), null);
        tracker.open();
        try {
            @SuppressWarnings("unchecked")
            Task<Object, String, Object> task = (Task<Object, String, Object>) (taskWait.isPositive()
                    ? tracker.waitForService(taskWait.toMillis())
                    : tracker.getService()); // waitForService(0) would wait for ever
            if (task == null) {
                err.println("mpire4j: unknown task '" + name + "'; installed: " + String.join(", ", taskNames())
                        + ". Pick one of them (see the list command), or copy the bundle that provides it to deploy/");
                return USAGE;
            }
            PoolBuilder<Void> builder = factory.builder().startMethod(startMethod);
            if (jobs != null) {
                builder.jobs(jobs);
            }
            options.forEach(builder::startMethodOption);
            if (progress) {
                builder.observer(new ProgressLine(err, terminal));
            }
            MapOptions<Void> mapOptions = total >= 0 ? MapOptions.<Void>defaults().length(total) : MapOptions.defaults();
            WorkerPool<Void> built;
            try {
                built = builder.build();
            } catch (IllegalArgumentException e) {
                // build() checks the start method's options: an unknown or malformed one is a usage error.
                err.println("mpire4j: " + String.valueOf(e.getMessage()).replaceAll("\\R+", " ")
                        + "; check the start method's options (--option KEY=VALUE)");
                return USAGE;
            }
            if (onCancel != null) {
                onCancel.accept(built::terminate);
            }
            try (WorkerPool<Void> pool = built;
                    Stream<Object> results = pool.imap(task, input, mapOptions)) {
                results.forEachOrdered(result -> {
                    out.println(result);
                    out.flush(); // stream: a reader of the pipe sees each result as it comes
                });
            }
            return OK;
        } catch (TaskFailedException e) {
            err.println("mpire4j: task '" + name + "' failed: " + String.valueOf(e.getMessage()).replaceAll("\\R+", " "));
            if (e.getCause() != null) {
                // The task's own exception, with the worker's stack trace: where in the task it threw.
                err.print("the worker's stack trace: ");
                e.getCause().printStackTrace(err);
            }
            return FAILED;
        } catch (IllegalArgumentException e) {
            // the start method went away between the check and the build
            err.println("mpire4j: " + oneLine(e));
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mpire4j: interrupted while waiting for task '" + name + "'");
            return FAILED;
        } catch (RuntimeException e) {
            if (!(e instanceof WorkerException) && e.getCause() instanceof IllegalArgumentException) {
                // The start method rejected its launch: an unknown, malformed or missing option. (A task's
                // own IllegalArgumentException arrives inside a WorkerException: a failed run, not usage.)
                err.println("mpire4j: " + String.valueOf(e.getMessage()).replaceAll("\\R+", " ")
                        + "; check the start method's options (--option KEY=VALUE)");
                return USAGE;
            }
            err.println("mpire4j: running task '" + name + "' failed: " + oneLine(e));
            return FAILED;
        } finally {
            tracker.close();
        }
    }

    private Filter taskFilter(String name) {
        try {
            return FrameworkUtil.createFilter("(&(objectClass=" + Task.class.getName() + ")(" + Task.NAME_PROPERTY
                    + "=" + escape(name) + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("escaped filter did not parse: " + name, e);
        }
    }

    private Collection<String> taskNames() {
        try {
            Collection<ServiceReference<Task>> refs = context.getServiceReferences(Task.class,
                    "(" + Task.NAME_PROPERTY + "=*)");
            TreeSet<String> names = new TreeSet<>();
            refs.forEach(ref -> names.add(String.valueOf(ref.getProperty(Task.NAME_PROPERTY))));
            return names.isEmpty() ? List.of("none") : names;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is a constant
        }
    }

    /** Escapes the characters that are special in an LDAP filter value. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The exception's class and message, on one line: the launcher's errors are one line each. */
    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return message.replaceAll("\\R+", " ");
    }
}
