package org.mpire4j.shm.internal;

import java.io.IOException;
import org.mpire4j.process.Memfd;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One block of anonymous shared memory as this process sees it. The creating process holds the
 * memfd and a shared mapping; another process maps the same memory once, through
 * {@code /proc/<creator>/fd/<fd>}, when a {@link Ref} to it is deserialized there: shared
 * ({@code MAP_SHARED}, writes visible to all) or private ({@code MAP_PRIVATE}, copy-on-write).
 */
final class Region {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    /**
     * The regions mapped in this process, by id, so that every copy of a reference shares one mapping.
     * Weak: a region nobody uses any more is unmapped by the cleaner.
     */
    private static final Map<String, WeakReference<Region>> MAPPED = new ConcurrentHashMap<>();

    final Ref ref;
    final MemorySegment segment;
    private final Arena arena;
    private final Cleaner.Cleanable cleanable;

    private Region(Ref ref, MemorySegment segment, Arena arena, int ownedFd) {
        this.ref = ref;
        this.segment = segment;
        this.arena = arena;
        // Unreachable regions give their memory back; explicit close() does it now.
        WeakReference<Region> self = new WeakReference<>(this);
        MAPPED.put(ref.id(), self);
        this.cleanable = CLEANER.register(this, new Release(arena, ownedFd, ref.id(), self));
    }

    /**
     * Where a region lives, as it travels to other processes.
     *
     * @param id unique across processes: creator pid and a counter
     * @param ownerPid the creating process
     * @param fd the memfd in the creating process
     * @param byteSize the size in bytes
     * @param copyOnWrite whether other processes map it privately
     */
    record Ref(String id, long ownerPid, int fd, long byteSize, boolean copyOnWrite) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * Creates a zero-filled region, mapped shared in this process.
     *
     * @param kind what it holds, for its name
     * @param byteSize its size in bytes
     * @param copyOnWrite whether other processes map it privately
     * @return the region
     */
    static Region create(String kind, long byteSize, boolean copyOnWrite) {
        long size = Math.max(byteSize, 1);
        String id = "mpire4j-" + kind + "-" + PID + "-" + COUNTER.incrementAndGet();
        try {
            int fd = Memfd.create(id, size);
            Arena arena = Arena.ofShared();
            MemorySegment segment;
            try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            } catch (IOException | RuntimeException e) {
                arena.close();
                Memfd.close(fd);
                throw e;
            }
            return new Region(new Ref(id, PID, fd, byteSize, copyOnWrite), segment, arena, fd);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + byteSize + " bytes of shared memory: " + e.getMessage(), e);
        }
    }

    /**
     * The region a reference names, mapped in this process on first use.
     *
     * @param ref the reference
     * @return the region
     */
    static synchronized Region attach(Ref ref) {
        WeakReference<Region> known = MAPPED.get(ref.id());
        Region region = known == null ? null : known.get();
        return region != null ? region : map(ref);
    }

    private static Region map(Ref ref) {
        Path path = inherited(ref);
        if (path == null) {
            path = Path.of("/proc/" + ref.ownerPid() + "/fd/" + ref.fd());
        }
        long size = Math.max(ref.byteSize(), 1);
        Arena arena = Arena.ofShared();
        // Java maps privately (MAP_PRIVATE) only through a channel opened for writing, though nothing is written.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Private mappings are made lazily: populating a writable private mapping would copy every page.
            FileChannel.MapMode mode = ref.copyOnWrite() ? FileChannel.MapMode.PRIVATE : FileChannel.MapMode.READ_WRITE;
            return new Region(ref, channel.map(mode, 0, size, arena), arena, -1);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("Cannot map shared memory " + ref.id() + " of process " + ref.ownerPid()
                    + " (" + path + "): " + e.getMessage() + ". Shared memory lives as long as the process that"
                    + " created it; it must still run", e);
        }
    }

    /** The memfd itself when this process inherited it (a fork worker), else null. */
    private static Path inherited(Ref ref) {
        if (ref.ownerPid() == PID) {
            return null;
        }
        Path self = Path.of("/proc/self/fd/" + ref.fd());
        try {
            return Files.readSymbolicLink(self).toString().contains(ref.id()) ? self : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Unmaps the region in this process (and closes the memfd if this process created it). */
    void close() {
        cleanable.clean();
    }

    static long pid() {
        return PID;
    }

    /** Runs at close or when the region became unreachable; must not refer to the region. */
    private record Release(Arena arena, int fd, String id, WeakReference<Region> entry) implements Runnable {
        @Override
        public void run() {
            MAPPED.remove(id, entry);
            try {
                arena.close();
            } catch (IllegalStateException busy) {
                // another thread still uses the segment; the mapping goes with the process
            }
            if (fd >= 0) {
                Memfd.close(fd);
            }
        }
    }
}
