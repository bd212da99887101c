package org.mpire4j.process;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mpire4j.api.spi.WorkerEvents;
import org.mpire4j.api.spi.WorkerHandle;
import org.mpire4j.api.spi.WorkerLaunch;

/**
 * The parent's handle on one worker of a pool whose worker runs in a process of its own: one
 * <em>life</em> of a worker process. The process is a new JVM, or an idle one from {@link IdleWorkers}
 * that served an earlier pool with the same command; either way the life starts with the pool's worker
 * program, which is where the shared objects travel, once per worker start.
 *
 * <p>The life ends when its program returns (the pool stopped the worker): that is reported at once,
 * and the process goes back to the cache or exits afterwards, without anybody waiting for it. It also
 * ends when the process dies, reported with its exit code or signal.
 */
public final class ProcessWorker implements WorkerHandle {

    /** Starts a new worker process for a command line. */
    @FunctionalInterface
    public interface Starter {
        /**
         * Starts the process.
         *
         * @param argv the command line
         * @return the process, running {@link WorkerMain}
         * @throws IOException if it cannot be started
         */
        Process start(List<String> argv) throws IOException;
    }

    private final Codec codec;
    private final WorkerEvents events;
    /** How long the process may wait for a later pool once this life ends; zero: it exits. */
    private final java.time.Duration idleTimeout;
    private final AtomicBoolean endReported = new AtomicBoolean();
    private volatile WorkerProcess process;

    private ProcessWorker(Codec codec, WorkerEvents events, java.time.Duration idleTimeout) {
        this.codec = codec;
        this.events = events;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Encodes a worker program, reporting the classes it holds.
     *
     * @param launch the launch whose program to encode
     * @param codec the codec
     * @param classes receives every class of the program's object graph
     * @return the encoded program
     * @throws IOException if the program cannot be encoded (its shared objects are not serializable)
     */
    public static byte[] encodeProgram(WorkerLaunch launch, JdkSerializationCodec codec,
            java.util.function.Consumer<Class<?>> classes) throws IOException {
        try {
            return codec.encode(launch.program(), classes);
        } catch (IOException e) {
            throw new IOException("The shared objects cannot be sent to a worker process: " + e
                    + ". Shared objects, tasks and hooks must be serializable for process start methods", e);
        }
    }

    /**
     * Starts a worker: in an idle process of the same command if the cache has one, else in a new process.
     *
     * @param command the worker's command
     * @param launch what to run, and where to report
     * @param codec the codec for both directions
     * @param program the encoded program, sent to the worker; or {@code null} when it reads the program
     *     from {@code programFile}
     * @param programFile where the worker reads the encoded program (fork: the parent's shared memory),
     *     when {@code program} is {@code null}
     * @param starter starts a new process for a command line
     * @return the handle
     * @throws IOException if a new process cannot be started
     */
    public static ProcessWorker start(WorkerCommand command, WorkerLaunch launch, Codec codec, byte[] program,
            String programFile, Starter starter) throws IOException {
        Objects.requireNonNull(launch, "launch");
        ProcessWorker life = new ProcessWorker(codec, launch.events(),
                command.reuse() ? command.idleTimeout() : java.time.Duration.ZERO);
        String key = command.key();
        if (command.reuse()) {
            byte[] next = null;
            for (WorkerProcess idle; (idle = IdleWorkers.take(key)) != null;) {
                next = next != null ? next : codec.encode(new NextLife(launch.workerId(), program, programFile));
                life.process = idle;
                if (idle.begin(life, next)) {
                    return life;
                }
            }
        }
        Process process = starter.start(command.argv(launch, AotCache.optionsFor(command, key)));
        String name = launch.poolName() + "-worker-" + launch.workerId() + "-pid-" + process.pid();
        life.process = WorkerProcess.start(process, key, life, name);
        life.process.send(life, new NextLife(launch.workerId(), program, programFile));
        return life;
    }

    Codec codec() {
        return codec;
    }

    java.time.Duration idleTimeout() {
        return idleTimeout;
    }

    /** A message from the child, for this life. */
    void deliver(Object message) {
        if (!endReported.get()) {
            events.message(message);
        }
    }

    /** A message of this life that could not be encoded. */
    void unsendable(Object message, Throwable error) {
        if (!endReported.get()) {
            events.unsendable(message, error);
        }
    }

    /** This life is over; reported once. */
    void ended(String howItEnded, Throwable error) {
        if (endReported.compareAndSet(false, true)) {
            events.exited(howItEnded, error);
        }
    }

    @Override
    public void send(Object message) {
        process.send(this, message);
    }

    @Override
    public boolean interrupt() {
        // Ahead of queued messages: the child's reader thread interrupts the task at once.
        try {
            return process.writeNow(this, codec.encode(Control.INTERRUPT));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void kill() {
        process.kill(this);
    }

    @Override
    public void doNotReuse() {
        process.doNotReuse(this);
    }

    @Override
    public String describe() {
        return "process " + process.pid();
    }

    /**
     * An exit status in words: exit codes above 128 are signals on Linux.
     *
     * @param exit the exit status
     * @return for example "exit code 1" or "killed by signal 9 (SIGKILL)"
     */
    public static String describeExit(int exit) {
        if (exit > 128 && exit < 160) {
            int signal = exit - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                default -> "";
            };
            return "killed by signal " + signal + name;
        }
        if (exit == WorkerMain.UNREADABLE_MESSAGE) {
            return "exit code " + exit + " (it could not decode a message from the parent: a class missing from its"
                    + " class path? see its message on standard error)";
        }
        return "exit code " + exit;
    }
}
