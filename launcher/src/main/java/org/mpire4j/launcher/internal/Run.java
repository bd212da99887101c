package org.mpire4j.launcher.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.mpire4j.launcher.cli.RunCommand;
import org.osgi.framework.launch.Framework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run}: a task over the lines of the input, results streamed to standard output.
 *
 * <p>One implementation for both ways a run happens: in this process, on a framework of its own, or
 * in a running {@code serve} that a client handed the command line to ({@link AttachClient},
 * {@link AttachServer}); then {@link Main.Io#attached()} holds serve's framework and the client's
 * streams, and only the transport differs.
 */
@Command(name = "run", description = "Run an installed task on every line of the input (one String argument"
        + " per line) and print each result on its own line, in input order, as it completes. When a serve"
        + " runs on the same distribution, the run is handed to it (its deployed tasks, no framework start)"
        + " unless --local is given.")
final class Run implements Callable<Integer> {

    private final Main.Io io;

    @Mixin
    private Main.Common common;

    @Parameters(index = "0", paramLabel = "TASK", description = "The task's name (mpire.task); see 'list'.")
    String task;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "The number of workers (default: one per processor).")
    Integer jobs;

    @Option(names = {"-s", "--start-method"}, paramLabel = "NAME",
            description = "thread, spawn, or another installed start method (default: the engine's default).")
    String startMethod;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE|-", defaultValue = "-",
            description = "The arguments, one per line (UTF-8): a file (counted first, so --progress knows the"
                    + " total), a named pipe or /dev/stdin, or - for standard input (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = {"-p", "--progress"}, description = "Show a progress bar on standard error (redrawn in place when"
            + " standard error is a terminal, else a line every 5 s).")
    boolean progress;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "An option for the start method, repeatable: for hazelcast members=HOST:PORT,..."
                    + " (required), clusterName=NAME (default mpire4j) and connectTimeoutSeconds=N (default 30:"
                    + " then an unreachable cluster fails the run); for spawn and fork jvmArgs and classPath.")
    Map<String, String> options;

    // Read by AttachClient before picocli runs (a run with --local never attaches); declared for --help
    // and so that picocli accepts it.
    @Option(names = "--local", description = "Run in a framework of this process even when a serve of the same"
            + " distribution runs (by default the run is handed to that serve and its results streamed back).")
    boolean local;

    Run(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (options != null) {
            for (Map.Entry<String, String> option : options.entrySet()) {
                if (option.getKey().isBlank()) {
                    io.err().println("mpire4j: --option '" + option.getKey() + "=" + option.getValue()
                            + "' has no KEY; pass KEY=VALUE, for example --option clusterName=dev");
                    return Main.USAGE;
                }
            }
        }
        Input in;
        try {
            in = Input.open(input, io.in(), io.workingDirectory(), io.callerPid());
        } catch (IllegalArgumentException e) {
            io.err().println("mpire4j: " + e.getMessage());
            return Main.USAGE;
        }
        BufferedReader reader = in.reader();
        Main.quietHazelcast();
        boolean progressTerminal = io.errIsTerminal(); // before the framework starts (see there)
        try (reader) {
            if (io.attached() != null) {
                return execute(io.attached().framework(), io.attached().home(), in, progressTerminal);
            }
            Path home = common.home();
            return Main.withFramework(io, "run", home, Main.QUIET,
                    framework -> execute(framework, home, in, progressTerminal));
        }
    }

    /** The run on a started framework: this process's own, or serve's. */
    private int execute(Framework framework, Path home, Input in, boolean progressTerminal) {
        Main.warnIfNotDeployed(io, framework, home);
        return callBridge(framework, in, progressTerminal);
    }

    private int callBridge(Framework framework, Input in, boolean progressTerminal) {
        Function<Map<String, Object>, Integer> bridge = Main.<Function<Map<String, Object>, Integer>>awaitService(
                framework, Main.RUN_FILTER, io.serviceWait());
        if (bridge == null) {
            io.err().println("mpire4j: the run command is not available: no " + RunCommand.COMMAND_PROPERTY + "="
                    + RunCommand.COMMAND + " service appeared within " + io.serviceWait().toSeconds()
                    + " s; is launcher-cli.jar in " + Launcher.BUNDLES + "/ and the core bundle active?");
            return Main.FAILED;
        }
        Map<String, Object> request = new HashMap<>();
        request.put(RunCommand.TASK, task);
        request.put(RunCommand.INPUT, in.lines());
        if (in.total() >= 0) {
            request.put(RunCommand.TOTAL, in.total());
        }
        request.put(RunCommand.OUT, io.out());
        request.put(RunCommand.ERR, io.err());
        request.put(RunCommand.PROGRESS, progress);
        request.put(RunCommand.PROGRESS_TERMINAL, progressTerminal);
        request.put(RunCommand.TASK_WAIT_MILLIS, Main.TASK_WAIT.toMillis());
        if (jobs != null) {
            request.put(RunCommand.JOBS, jobs);
        }
        if (startMethod != null) {
            request.put(RunCommand.START_METHOD, startMethod);
        }
        if (options != null) {
            request.put(RunCommand.START_METHOD_OPTIONS, Map.copyOf(options));
        }
        if (io.attached() != null) {
            request.put(RunCommand.ON_CANCEL, io.attached().onCancel());
        }
        return bridge.apply(request);
    }
}
