package org.mpire4j.spawn.internal;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerMain;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#SPAWN}: each worker is a fresh JVM running {@link WorkerMain},
 * talking over its stdin and stdout. Shared objects travel inside the worker program, so they are
 * serialized once per worker start, never per task.
 *
 * <p>Options: {@code jvmArgs} (whitespace-separated JVM options for the workers; default
 * {@value #DEFAULT_JVM_ARGS}: serial GC, as workers are small single-threaded heaps), and
 * {@code classPath} (the workers' class path; default: this JVM's class and module path plus the
 * jars of the mpire4j classes themselves).
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.SPAWN)
@ServiceRanking(SpawnStartMethod.RANKING)
public final class SpawnStartMethod implements StartMethod {

    static final int RANKING = 50;

    /** The JVM options workers get unless {@code jvmArgs} says otherwise. */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC -XX:+UseCompressedOops";

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
        command.add("-cp");
        command.add(options.getOrDefault("classPath", classPath(launch)));
        command.add(WorkerMain.class.getName());
        command.add(launch.poolName() + "-worker-" + launch.workerId()); // a name for ps
        return ProcessWorker.start(new ProcessBuilder(command), launch,
                new JdkSerializationCodec(launch.program().getClass().getClassLoader()));
    }

    /**
     * This JVM's class path and module path, plus the jars that hold the worker's own code and the
     * launch's task code (inside OSGi: their bundles and everything those are wired to).
     */
    static String classPath(WorkerLaunch launch) {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        List<Class<?>> code = new ArrayList<>(List.of(WorkerMain.class, WorkerProgram.class, launch.program().getClass()));
        code.addAll(launch.code());
        for (Class<?> c : code) {
            if (inFramework(c, entries)) {
                continue;
            }
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                try {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException ignored) {
                    // not a plain file location (e.g. inside a framework's cache); the paths above must do
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean inFramework(Class<?> code, Set<String> entries) {
        try {
            return BundleJars.addJarsOf(code, entries);
        } catch (NoClassDefFoundError notInOsgi) {
            return false;
        }
    }
}
