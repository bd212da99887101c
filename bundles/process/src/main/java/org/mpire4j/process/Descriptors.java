package org.mpire4j.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A worker process's own descriptors, through the FFM API: the channel to the parent moves off
 * descriptors 0 and 1 to close-on-exec copies, stdin becomes {@code /dev/null} and stdout the same as
 * stderr. So task code (and native code, and programs it starts) reading standard input gets EOF, and
 * whatever it prints to standard output lands in the parent's stderr, never in the channel.
 */
final class Descriptors {

    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int O_RDONLY = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle FCNTL = function("fcntl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle DUP2 = function("dup2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = function("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Descriptors() {
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }

    /**
     * Moves the channel off stdin and stdout.
     *
     * @return the channel's new descriptors: {@code [in, out]}
     * @throws IOException if the system refuses
     */
    static int[] moveChannel() throws IOException {
        try {
            int in = (int) FCNTL.invokeExact(0, F_DUPFD_CLOEXEC, 3);
            int out = (int) FCNTL.invokeExact(1, F_DUPFD_CLOEXEC, 3);
            if (in < 0 || out < 0) {
                throw new IOException("fcntl(F_DUPFD_CLOEXEC) failed");
            }
            int devNull;
            try (Arena arena = Arena.ofConfined()) {
                devNull = (int) OPEN.invokeExact(arena.allocateFrom("/dev/null"), O_RDONLY);
            }
            if (devNull < 0 || (int) DUP2.invokeExact(devNull, 0) < 0 || (int) DUP2.invokeExact(2, 1) < 0) {
                throw new IOException("Cannot point stdin at /dev/null and stdout at stderr");
            }
            int ignored = (int) CLOSE.invokeExact(devNull);
            return new int[] {in, out};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("Cannot move the worker's channel: " + e, e);
        }
    }
}
