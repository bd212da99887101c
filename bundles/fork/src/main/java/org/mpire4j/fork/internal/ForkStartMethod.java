package org.mpire4j.fork.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.Memfd;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerClassPath;
import org.mpire4j.process.WorkerMain;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#FORK}: fork's contract without forking the JVM. The parent
 * serializes the worker program (that is, the shared objects) once into anonymous shared memory;
 * workers are created natively with {@code posix_spawn} and inherit that memory as descriptor 3,
 * from which each reads the shared objects in place, never through its pipe. Shared-memory objects
 * inside them ({@link org.mpire4j.api.SharedDataset} and the shared arrays) are mapped, not copied:
 * a dataset copy-on-write, so a worker's writes stay its own. A restarted worker reads the same
 * placed copy (the parent's objects as they were when first placed), until the shared objects are
 * replaced.
 *
 * <p>Options: {@code jvmArgs}, {@code classPath}, as for spawn.
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.FORK)
@ServiceRanking(ForkStartMethod.RANKING)
public final class ForkStartMethod implements StartMethod {

    static final int RANKING = 10;

    /** The JVM options workers get unless {@code jvmArgs} says otherwise. */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED";

    private static final Set<String> OPTIONS = Set.of("jvmArgs", "classPath");
    private static final Cleaner CLEANER = Cleaner.create();

    /** Each program placed once; the memory goes when the program (the pool's shared objects) is gone. */
    private final Map<WorkerProgram, Placed> placed = new WeakHashMap<>();

    /** Creates the start method; called by DS or ServiceLoader. */
    public ForkStartMethod() {
    }

    @Override
    public String name() {
        return FORK;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    @Override
    public boolean needsCodeAtStart() {
        return true;
    }

    /** A program in shared memory, with the classes its object graph holds. */
    private record Placed(int fd, Set<Class<?>> classes) {
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) throws IOException {
        Map<String, String> options = launch.options();
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' for start method 'fork': known"
                        + " options are " + OPTIONS);
            }
        }
        JdkSerializationCodec codec = new JdkSerializationCodec(launch.program().getClass().getClassLoader());
        Placed program = place(launch, codec);
        Set<Class<?>> code = new HashSet<>(launch.code());
        code.addAll(program.classes());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = options.getOrDefault("jvmArgs", DEFAULT_JVM_ARGS).trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        command.add("-cp");
        command.add(options.getOrDefault("classPath", WorkerClassPath.of(launch.program(), code)));
        command.add(WorkerMain.class.getName());
        command.add(launch.poolName() + "-worker-" + launch.workerId());
        command.add(Integer.toString(launch.workerId()));
        command.add("--program-fd");
        command.add("3");
        return ProcessWorker.start(NativeProcess.start(command, program.fd()), launch, codec, null);
    }

    private Placed place(WorkerLaunch launch, JdkSerializationCodec codec) throws IOException {
        synchronized (placed) {
            Placed known = placed.get(launch.program());
            if (known != null) {
                return known;
            }
            Set<Class<?>> classes = new HashSet<>();
            byte[] bytes = ProcessWorker.encodeProgram(launch, codec, classes::add);
            int fd = Memfd.create("mpire4j-program-" + launch.poolName(), bytes.length);
            try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException | UncheckedIOException e) {
                Memfd.close(fd);
                throw e;
            }
            Placed result = new Placed(fd, Set.copyOf(classes));
            placed.put(launch.program(), result);
            CLEANER.register(launch.program(), () -> Memfd.close(fd));
            return result;
        }
    }
}
