package org.mpire4j.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerLaunch;

/** The command line of a worker JVM, and the options process start methods accept. */
public final class WorkerCommand {

    /** The options a process start method accepts: {@code jvmArgs} and {@code classPath}. */
    public static final Set<String> OPTIONS = Set.of("jvmArgs", "classPath");

    /**
     * The JVM options workers get unless {@code jvmArgs} says otherwise: serial GC, as workers are
     * small single-threaded heaps, and the FFM access shared memory needs.
     */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED";

    private WorkerCommand() {
    }

    /**
     * The command that runs {@link WorkerMain} for a launch.
     *
     * @param startMethod the start method's name, for errors
     * @param launch the launch; its options are checked
     * @param code the classes whose jars the worker needs
     * @param extra arguments for {@link WorkerMain} after the worker id
     * @return the command line
     * @throws IllegalArgumentException if an option is unknown
     */
    public static List<String> of(String startMethod, WorkerLaunch launch, Set<Class<?>> code, String... extra) {
        Map<String, String> options = launch.options();
        StartMethod.requireKnownOptions(startMethod, options, OPTIONS);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = options.getOrDefault("jvmArgs", DEFAULT_JVM_ARGS).trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        command.add("-cp");
        command.add(options.getOrDefault("classPath", WorkerClassPath.of(launch.program(), code)));
        command.add(WorkerMain.class.getName());
        command.add(launch.poolName() + "-worker-" + launch.workerId()); // a name for ps
        command.add(Integer.toString(launch.workerId()));
        command.addAll(Arrays.asList(extra));
        return command;
    }
}
