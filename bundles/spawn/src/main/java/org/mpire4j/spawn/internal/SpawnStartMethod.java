package org.mpire4j.spawn.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerClassPath;
import org.mpire4j.process.WorkerMain;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#SPAWN}: each worker is a fresh JVM running {@link WorkerMain},
 * talking over its stdin and stdout. Shared objects travel inside the worker program, so they are
 * serialized once per worker start, never per task.
 *
 * <p>Options: {@code jvmArgs} (whitespace-separated JVM options for the workers; default
 * {@value #DEFAULT_JVM_ARGS}: serial GC, as workers are small single-threaded heaps, and the FFM
 * access shared memory needs), and
 * {@code classPath} (the workers' class path; default: this JVM's class and module path plus the
 * jars of the mpire4j classes themselves).
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.SPAWN)
@ServiceRanking(SpawnStartMethod.RANKING)
public final class SpawnStartMethod implements StartMethod {

    static final int RANKING = 50;

    /** The JVM options workers get unless {@code jvmArgs} says otherwise. */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED";

    private static final Set<String> OPTIONS = Set.of("jvmArgs", "classPath");

    /** Creates the start method; called by DS or ServiceLoader. */
    public SpawnStartMethod() {
    }

    @Override
    public String name() {
        return SPAWN;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    @Override
    public boolean needsCodeAtStart() {
        return true;
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) throws IOException {
        Map<String, String> options = launch.options();
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' for start method 'spawn': known"
                        + " options are " + OPTIONS);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = options.getOrDefault("jvmArgs", DEFAULT_JVM_ARGS).trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        JdkSerializationCodec codec = new JdkSerializationCodec(launch.program().getClass().getClassLoader());
        // Shared objects are serialized here, once per worker start; every class in them needs its jar.
        Set<Class<?>> code = new java.util.HashSet<>(launch.code());
        byte[] program = ProcessWorker.encodeProgram(launch, codec, code::add);
        command.add("-cp");
        command.add(options.getOrDefault("classPath", WorkerClassPath.of(launch.program(), code)));
        command.add(WorkerMain.class.getName());
        command.add(launch.poolName() + "-worker-" + launch.workerId()); // a name for ps
        command.add(Integer.toString(launch.workerId()));
        return ProcessWorker.start(new ProcessBuilder(command), launch, codec, program);
    }
}
