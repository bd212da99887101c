package org.mpire4j.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerLaunch;

/**
 * The command line of a worker JVM, and the options process start methods accept. The command has
 * two parts: the JVM's (java, its options, class path, main class), which decides which workers are
 * interchangeable, and the worker's own arguments (a name for {@code ps} and its id).
 *
 * @param startMethod the start method's name
 * @param jvm the JVM's part of the command line
 * @param classPath the worker's class path
 * @param reuse whether the worker process may serve later pools once this one is done with it
 * @param idleTimeout how long it may wait idle for a later pool
 * @param aot whether to use (and create on first use) an AOT cache for this command
 */
public record WorkerCommand(String startMethod, List<String> jvm, String classPath, boolean reuse, Duration idleTimeout,
        boolean aot) {

    /**
     * The options a process start method accepts: {@code jvmArgs}, {@code classPath}, {@code reuseWorkers},
     * {@code idleTimeoutSeconds} and {@code aotCache}.
     */
    public static final Set<String> OPTIONS = Set.of("jvmArgs", "classPath", "reuseWorkers", "idleTimeoutSeconds",
            "aotCache");

    /**
     * The JVM options workers get unless {@code jvmArgs} says otherwise: serial GC, as workers are
     * small single-threaded heaps, and the FFM access shared memory needs.
     */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED";

    /** How long an idle worker waits for a later pool unless {@code idleTimeoutSeconds} says otherwise. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Options every worker JVM gets before {@code jvmArgs}: the JVM's own messages (warnings, logs) go to stderr,
     * not to the parent's channel; the AOT cache's warnings (JDK 25 reports adapters it regenerates instead of
     * loading) are left out, since a worker runs the same either way. They come first so that a pool's own
     * {@code -Xlog} options (a GC log, say) take effect instead of being switched off by {@code -Xlog:disable};
     * a worker's stdout is its stderr by the time anything logs there ({@link #withChannelOnItsOwnDescriptors},
     * and without {@code /bin/sh} the parent skips what comes before the worker's greeting).
     */
    private static final List<String> CHANNEL_SAFE = List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr", "-Xlog:aot*=error:stderr");

    /** Checks and copies. */
    public WorkerCommand {
        jvm = List.copyOf(jvm);
    }

    /**
     * The command that runs {@link WorkerMain} for a launch.
     *
     * @param startMethod the start method's name, for errors
     * @param launch the launch; its options are checked
     * @param code the classes whose jars the worker needs
     * @return the command
     * @throws IllegalArgumentException if an option is unknown or has a bad value
     */
    public static WorkerCommand of(String startMethod, WorkerLaunch launch, Set<Class<?>> code) {
        Map<String, String> options = launch.options();
        checkOptions(startMethod, options);
        boolean reuse = flag(startMethod, options, "reuseWorkers");
        boolean aot = flag(startMethod, options, "aotCache");
        Duration idle = idleTimeout(startMethod, options);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHANNEL_SAFE);
        String jvmArgs = options.getOrDefault("jvmArgs", DEFAULT_JVM_ARGS).trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        String classPath = options.getOrDefault("classPath", WorkerClassPath.of(launch.program(), code));
        command.add("-cp");
        command.add(classPath);
        command.add(WorkerMain.class.getName());
        return new WorkerCommand(startMethod, command, classPath, reuse && !idle.isZero(), idle, aot);
    }

    /**
     * Checks a pool's options for a process start method: their names and values.
     *
     * @param startMethod the start method's name, for errors
     * @param options the options
     * @throws IllegalArgumentException naming the first bad option and what to do
     */
    public static void checkOptions(String startMethod, Map<String, String> options) {
        StartMethod.requireKnownOptions(startMethod, options, OPTIONS);
        flag(startMethod, options, "reuseWorkers");
        flag(startMethod, options, "aotCache");
        idleTimeout(startMethod, options);
    }

    private static Duration idleTimeout(String startMethod, Map<String, String> options) {
        String seconds = options.get("idleTimeoutSeconds");
        if (seconds == null) {
            return DEFAULT_IDLE_TIMEOUT;
        }
        try {
            long value = Long.parseLong(seconds.trim());
            if (value >= 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Start method '" + startMethod + "': option idleTimeoutSeconds=" + seconds
                + " is not a whole number of seconds >= 0; use for example idleTimeoutSeconds=60, or 0 to end idle"
                + " workers at once");
    }

    private static boolean flag(String startMethod, Map<String, String> options, String name) {
        String value = options.getOrDefault(name, "true").trim();
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Start method '" + startMethod + "': option " + name + "="
                    + value + " is neither true nor false; use " + name + "=true or " + name + "=false");
        };
    }

    /**
     * The whole command line for a new worker process.
     *
     * @param launch the launch it starts for
     * @param extraJvmArgs JVM options to add (the AOT cache's)
     * @param extra arguments for {@link WorkerMain} after the worker id
     * @return the command line
     */
    public List<String> argv(WorkerLaunch launch, List<String> extraJvmArgs, String... extra) {
        List<String> argv = new ArrayList<>(jvm.size() + extraJvmArgs.size() + 2 + extra.length);
        argv.add(jvm.getFirst());
        argv.addAll(extraJvmArgs);
        argv.addAll(jvm.subList(1, jvm.size()));
        argv.add(launch.poolName() + "-worker-" + launch.workerId()); // a name for ps
        argv.add(Integer.toString(launch.workerId()));
        argv.addAll(Arrays.asList(extra));
        return argv;
    }

    /**
     * The command line that starts a worker through {@code /bin/sh} with its channel moved before the JVM
     * starts: the pipes a {@link ProcessBuilder} gives as stdin and stdout go to descriptors 3 and 4, stdin
     * becomes {@code /dev/null} and stdout the same as stderr ({@link WorkerMain#CHANNEL}). Without
     * {@code /bin/sh}, the command line as it is: the worker then moves the channel itself.
     *
     * @param argv the worker's command line
     * @return the command line to start
     */
    public static List<String> withChannelOnItsOwnDescriptors(List<String> argv) {
        if (!java.nio.file.Files.isExecutable(Path.of("/bin/sh"))) {
            return argv;
        }
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "exec 3<&0 4>&1 </dev/null 1>&2; exec \"$@\"",
                "mpire4j-worker"));
        shell.addAll(argv);
        shell.addAll(List.of(WorkerMain.CHANNEL, "3,4"));
        return shell;
    }

    /**
     * What makes two worker processes interchangeable: the start method, the JVM's command line, and the
     * content of every class path entry as far as its size and modification time tell (a jar replaced
     * under the same name is different code).
     *
     * @return the key
     */
    public String key() {
        StringBuilder key = new StringBuilder(startMethod).append('\n');
        for (String part : jvm) {
            key.append(part).append('\n');
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                key.append(entry).append(' ').append(attributes.size()).append(' ')
                        .append(attributes.lastModifiedTime().toMillis()).append('\n');
            } catch (java.io.IOException | RuntimeException missing) {
                key.append(entry).append(" -\n");
            }
        }
        return key.toString();
    }

    /**
     * Whether every class path entry is a jar file: an AOT cache can only be made of classes from jars.
     *
     * @return whether the class path suits an AOT cache
     */
    boolean jarsOnly() {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !(entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)))) {
                return false;
            }
        }
        return true;
    }
}
