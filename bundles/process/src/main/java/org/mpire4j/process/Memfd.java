package org.mpire4j.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Anonymous shared memory through the FFM API: {@code memfd_create}, {@code ftruncate} and
 * {@code close}. A memfd has no name in any file system, so nothing can be left behind: its memory
 * is freed when the last descriptor and mapping of it are gone, crash or not. Other processes of the
 * same user reach it as {@code /proc/<pid>/fd/<fd>} while its creator lives.
 */
public final class Memfd {

    /** Close the descriptor in programs this process starts (fork passes it on explicitly). */
    private static final int MFD_CLOEXEC = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MEMFD_CREATE = function("memfd_create",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle FTRUNCATE = function("ftruncate",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Memfd() {
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException(name + " is not available: shared memory needs"
                        + " Linux (memfd_create, glibc 2.27 or newer)")), descriptor);
    }

    /**
     * Creates a zero-filled anonymous memory file.
     *
     * @param name a name for {@code /proc/<pid>/fd} listings
     * @param size its size in bytes
     * @return the file descriptor
     * @throws IOException if the kernel refuses
     */
    public static int create(String name, long size) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) MEMFD_CREATE.invokeExact(arena.allocateFrom(name), MFD_CLOEXEC);
        } catch (Throwable e) {
            throw new IOException("memfd_create failed: " + e, e);
        }
        if (fd < 0) {
            throw new IOException("memfd_create(" + name + ") failed: the kernel refused anonymous shared memory");
        }
        int result;
        try {
            result = (int) FTRUNCATE.invokeExact(fd, size);
        } catch (Throwable e) {
            close(fd);
            throw new IOException("ftruncate failed: " + e, e);
        }
        if (result != 0) {
            close(fd);
            throw new IOException("Cannot size shared memory to " + size + " bytes: out of memory or over a limit");
        }
        return fd;
    }

    /**
     * Closes a descriptor.
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            // nothing useful to do: the descriptor goes with the process anyway
        }
    }
}
