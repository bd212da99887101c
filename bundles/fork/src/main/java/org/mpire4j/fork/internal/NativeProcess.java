package org.mpire4j.fork.internal;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mpire4j.process.WorkerMain;

/**
 * A worker process created natively with {@code posix_spawn} through the FFM API, so that exactly the
 * descriptors it needs are arranged before it starts: its channel's two pipes as descriptors 3 and 4,
 * stdin on {@code /dev/null}, stdout on stderr. Everything else is closed in the child. A reaper thread collects its exit
 * status with {@code waitpid}, so no zombie is left.
 *
 * <p>Why not {@code fork()}: a forked JVM child has none of the VM's threads and hangs at its first
 * garbage collection or deoptimisation (measured; see the architecture notes). {@code posix_spawn}
 * starts a fresh JVM, and the shared memory gives the copy-on-write sharing fork would have given.
 */
final class NativeProcess extends Process {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_RDONLY = 0;
    /** The child's descriptors for its channel to the parent ({@link WorkerMain#CHANNEL}). */
    private static final int CHANNEL_IN = 3;
    private static final int CHANNEL_OUT = 4;
    private static final int FILE_ACTIONS_BYTES = 256; // glibc's posix_spawn_file_actions_t is 80 bytes

    private static final MethodHandle PIPE2 = function("pipe2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ACTIONS_INIT = function("posix_spawn_file_actions_init",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY = function("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle ADD_OPEN = function("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ADD_DUP2 = function("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final Optional<MethodHandle> ADD_CLOSEFROM = LIBC.find("posix_spawn_file_actions_addclosefrom_np")
            .map(address -> LINKER.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)));
    private static final MethodHandle SPAWNP = function("posix_spawnp", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle WAITPID = function("waitpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final long pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private NativeProcess(long pid, OutputStream stdin, InputStream stdout) {
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException(
                name + " is not available: the fork start method needs Linux with glibc")), descriptor);
    }

    /**
     * Starts a process.
     *
     * @param argv the worker's command line; {@code argv[0]} is looked up on the PATH if it has no slash,
     *     and {@link WorkerMain#CHANNEL} is added
     * @return the running process
     * @throws IOException if it cannot be started
     */
    static NativeProcess start(List<String> workerArgv) throws IOException {
        List<String> argv = new java.util.ArrayList<>(workerArgv);
        argv.addAll(List.of(WorkerMain.CHANNEL, CHANNEL_IN + "," + CHANNEL_OUT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment toChild = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment fromChild = arena.allocate(ValueLayout.JAVA_INT, 2);
            check((int) PIPE2.invokeExact(toChild, O_CLOEXEC), "pipe2");
            check((int) PIPE2.invokeExact(fromChild, O_CLOEXEC), "pipe2");
            int childIn = toChild.getAtIndex(ValueLayout.JAVA_INT, 0);
            int parentOut = toChild.getAtIndex(ValueLayout.JAVA_INT, 1);
            int parentIn = fromChild.getAtIndex(ValueLayout.JAVA_INT, 0);
            int childOut = fromChild.getAtIndex(ValueLayout.JAVA_INT, 1);

            MemorySegment actions = arena.allocate(FILE_ACTIONS_BYTES, 16);
            check((int) ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            long pid;
            try {
                // dup2 clears close-on-exec on the target. The channel goes to 3 and 4 (the pipes' own numbers are
                // far above: the JVM holds the low ones), stdin reads /dev/null, stdout is stderr; nothing else.
                check((int) ADD_DUP2.invokeExact(actions, childIn, CHANNEL_IN), "adddup2");
                check((int) ADD_DUP2.invokeExact(actions, childOut, CHANNEL_OUT), "adddup2");
                check((int) ADD_OPEN.invokeExact(actions, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0), "addopen");
                check((int) ADD_DUP2.invokeExact(actions, 2, 1), "adddup2");
                if (ADD_CLOSEFROM.isPresent()) {
                    check((int) ADD_CLOSEFROM.get().invokeExact(actions, CHANNEL_OUT + 1), "addclosefrom_np");
                }
                MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
                MemorySegment args = arena.allocate(ValueLayout.ADDRESS, argv.size() + 1);
                for (int i = 0; i < argv.size(); i++) {
                    args.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv.get(i)));
                }
                args.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
                MemorySegment environ = LIBC.find("environ").orElseThrow().reinterpret(ValueLayout.ADDRESS.byteSize())
                        .get(ValueLayout.ADDRESS, 0);
                int error = (int) SPAWNP.invokeExact(pidOut, arena.allocateFrom(argv.getFirst()), actions,
                        MemorySegment.NULL, args, environ);
                if (error != 0) {
                    closeAll(childIn, parentOut, parentIn, childOut);
                    throw new IOException("posix_spawn of " + argv.getFirst() + " failed with errno " + error);
                }
                pid = pidOut.get(ValueLayout.JAVA_INT, 0);
            } finally {
                int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
            }
            // Open our ends by path while we still hold the child's ends, so opening a pipe never waits.
            OutputStream stdin = new FileOutputStream("/proc/self/fd/" + parentOut);
            InputStream stdout = new FileInputStream("/proc/self/fd/" + parentIn);
            closeAll(childIn, parentOut, parentIn, childOut);
            NativeProcess process = new NativeProcess(pid, stdin, stdout);
            Thread.ofPlatform().name("mpire4j-fork-reaper-" + pid).daemon(true).start(process::reap);
            return process;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("Cannot start a worker process natively: " + e, e);
        }
    }

    private static void check(int result, String call) throws IOException {
        if (result != 0) {
            throw new IOException(call + " failed (" + result + ")");
        }
    }

    private static void closeAll(int... fds) throws Throwable {
        for (int fd : fds) {
            int ignored = (int) CLOSE.invokeExact(fd);
        }
    }

    /** Waits for the child's end; exit code, or 128 + signal as shells report it. */
    private void reap() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                int result = (int) WAITPID.invokeExact((int) pid, status, 0);
                if (result == pid) {
                    int raw = status.get(ValueLayout.JAVA_INT, 0);
                    int signal = raw & 0x7f;
                    exit.complete(signal == 0 ? (raw >> 8) & 0xff : 128 + signal);
                    return;
                }
                // -1: EINTR, retry; anything else would mean the child is not ours any more
                if (!ProcessHandle.of(pid).isPresent()) {
                    exit.complete(255);
                    return;
                }
            }
        } catch (Throwable e) {
            exit.complete(255);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream(); // the child writes to the parent's stderr directly
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int exitValue() {
        Integer value = exit.getNow(null);
        if (value == null) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return value;
    }

    @Override
    public void destroy() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    @Override
    public Process destroyForcibly() {
        if (!exit.isDone()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        return this;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }
}
