package org.mpire4j.fork.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.IdleWorkers;
import org.mpire4j.process.JdkSerializationCodec;
import org.mpire4j.process.Memfd;
import org.mpire4j.process.ProcessWorker;
import org.mpire4j.process.WorkerCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Start method {@value StartMethod#FORK}: fork's contract without forking the JVM. The parent
 * serializes the worker program (that is, the shared objects) once into anonymous shared memory;
 * workers are created natively with {@code posix_spawn} (their channel on descriptors of its own, stdin on
 * {@code /dev/null}, stdout on stderr) and each reads the shared objects in place from that memory,
 * through {@code /proc/<parent>/fd/<fd>}, never through its pipe. Shared-memory objects inside them
 * ({@link org.mpire4j.api.SharedDataset} and the shared arrays) are mapped, not copied: a dataset
 * copy-on-write, so a worker's writes stay its own. A restarted worker reads the same placed copy (the
 * parent's objects as they were when first placed), until the shared objects are replaced; the pool's
 * close frees it.
 *
 * <p>A worker process whose pool is done with it waits a while for the next pool of the same command in
 * {@link org.mpire4j.process.IdleWorkers}; taken again, it maps the new pool's program the same way and
 * keeps no mapping or descriptor of an earlier one, so nothing of an earlier pool's shared objects stays
 * reachable in it.
 *
 * <p>Options: {@code jvmArgs}, {@code classPath}, {@code reuseWorkers}, {@code idleTimeoutSeconds} and
 * {@code aotCache}, as for spawn ({@link WorkerCommand}).
 */
@Component(service = StartMethod.class, property = StartMethod.NAME_PROPERTY + "=" + StartMethod.FORK)
@ServiceRanking(ForkStartMethod.RANKING)
public final class ForkStartMethod implements StartMethod {

    static final int RANKING = 10;

    private static final Cleaner CLEANER = Cleaner.create();

    /** Each program placed once; the memory goes when the program (the pool's shared objects) is gone. */
    private final Map<WorkerProgram, Placed> placed = new WeakHashMap<>();

    /** Creates the start method; called by DS or ServiceLoader. */
    public ForkStartMethod() {
    }

    /** Stopped (its bundle stops): its idle worker processes end with it. */
    @Deactivate
    void deactivate() {
        IdleWorkers.evict(FORK);
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
    public void checkOptions(Map<String, String> options) {
        WorkerCommand.checkOptions(FORK, options);
    }

    @Override
    public boolean needsCodeAtStart() {
        return true;
    }

    /** A program in shared memory, with the classes its object graph holds. */
    private record Placed(int fd, Set<Class<?>> classes, Cleaner.Cleanable memory) {
    }

    /** The pool is done with the program: its shared memory goes now, not at garbage collection. */
    @Override
    public void release(WorkerProgram program) {
        Placed known;
        synchronized (placed) {
            known = placed.remove(program);
        }
        if (known != null) {
            known.memory().clean(); // closes the descriptor once, whoever asks first
        }
    }

    @Override
    public WorkerHandle start(WorkerLaunch launch) throws IOException {
        JdkSerializationCodec codec = new JdkSerializationCodec(launch.program().getClass().getClassLoader());
        Placed program = place(launch, codec);
        Set<Class<?>> code = new HashSet<>(launch.code());
        code.addAll(program.classes());
        // Every worker, new or idle from an earlier pool, maps the program from this process's descriptor.
        return ProcessWorker.start(WorkerCommand.of(FORK, launch, code), launch, codec, null,
                "/proc/" + ProcessHandle.current().pid() + "/fd/" + program.fd(), NativeProcess::start);
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
            Placed result = new Placed(fd, Set.copyOf(classes), CLEANER.register(launch.program(), () -> Memfd.close(fd)));
            placed.put(launch.program(), result);
            return result;
        }
    }
}
