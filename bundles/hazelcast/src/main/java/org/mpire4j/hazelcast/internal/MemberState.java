package org.mpire4j.hazelcast.internal;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.JdkSerializationCodec;

/**
 * What one member keeps for the parents whose workers it runs, in the member's user context:
 * <ul>
 * <li>the code parents sent (jars by content hash, in a temporary folder named with the member's
 *     pid, removed when the member shuts down, or by the next member that finds its pid dead) and one
 *     class loader per set of jars, whose parent is the loader of this bundle, so the api is shared;</li>
 * <li>each worker program's bytes (the shared objects travel once per member) and the program
 *     decoded once per set of jars;</li>
 * <li>the workers running, by parent client: when a parent's client disconnects (the parent
 *     crashed or was killed), its workers are stopped, their queues removed and its programs
 *     forgotten.</li>
 * </ul>
 */
final class MemberState implements ClientListener {

    private static final System.Logger LOG = System.getLogger(MemberState.class.getName());
    static final String KEY = "mpire4j.hazelcast.state";
    /** Code folders are named {@code mpire4j-member-code-<pid>-<random>}. */
    private static final String FOLDER_PREFIX = "mpire4j-member-code-";

    private final ClassLoader base = MemberState.class.getClassLoader();
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> programBytes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UUID> programOwners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ProgramKey, CompletableFuture<WorkerProgram>> programs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Path> jars = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, ClassLoader> loaders = new ConcurrentHashMap<>();
    private final Map<UUID, Set<MemberWorker>> running = new ConcurrentHashMap<>();
    private volatile Path jarFolder;

    private record ProgramKey(String programId, List<String> jars) {
    }

    /** This member's state, created (and its listeners registered) on first use. */
    static MemberState of(HazelcastInstance member) {
        return (MemberState) member.getUserContext().computeIfAbsent(KEY, key -> {
            MemberState state = new MemberState();
            member.getClientService().addClientListener(state);
            member.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                    state.deleteJars();
                }
            });
            return state;
        });
    }

    /**
     * Stores code a parent sent along: the jars it carries content for. Each is checked against its hash.
     *
     * @param sent the jars, some with content
     */
    void store(List<CodeJar> sent) throws IOException {
        for (CodeJar jar : sent) {
            if (jar.bytes() == null || jars.containsKey(jar.sha256())) {
                continue;
            }
            if (!CodeJar.sha256(jar.bytes()).equals(jar.sha256())) {
                throw new IOException("The jar " + jar.name() + " arrived damaged: its content does not match its hash");
            }
            synchronized (this) {
                if (jarFolder == null) {
                    sweepFoldersOfDeadMembers();
                    jarFolder = Files.createTempDirectory(FOLDER_PREFIX + ProcessHandle.current().pid() + "-");
                    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteJars, "mpire4j-member-code-cleanup"));
                }
            }
            Path target = jarFolder.resolve(jar.sha256() + ".jar");
            Path part = Files.createTempFile(jarFolder, jar.sha256(), ".part");
            Files.write(part, jar.bytes());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            jars.putIfAbsent(jar.sha256(), target);
        }
    }

    /**
     * The class loader for a set of jars: this bundle's loader first (the api, the engine's spi, and on a
     * member started with a class path, that class path), then the jars.
     */
    ClassLoader loader(List<CodeJar> code) {
        List<String> key = code.stream().map(CodeJar::sha256).toList();
        if (key.isEmpty()) {
            return base;
        }
        return loaders.computeIfAbsent(key, k -> {
            List<URL> urls = new ArrayList<>();
            for (CodeJar jar : code) {
                Path path = jars.get(jar.sha256());
                if (path == null) {
                    throw new IllegalStateException("The parent did not send the jar " + jar.name()
                            + " and this member does not have it (it may have restarted); start the pool again");
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new URLClassLoader("mpire4j-member-code", urls.toArray(URL[]::new), base);
        });
    }

    /** Keeps a program's bytes, sent along with the first worker of that program on this member. */
    void putProgram(String programId, UUID owner, byte[] bytes) {
        programOwners.put(programId, owner);
        programBytes.computeIfAbsent(programId, id -> new CompletableFuture<>()).complete(bytes);
    }

    /**
     * The program decoded with the given code: decoded once per set of jars, after waiting for its bytes
     * when a sibling worker that carries them is still on its way.
     */
    WorkerProgram program(String programId, List<CodeJar> code, ClassLoader loader, long waitMillis)
            throws IOException, InterruptedException, TimeoutException {
        byte[] bytes;
        try {
            bytes = programBytes.computeIfAbsent(programId, id -> new CompletableFuture<>())
                    .get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("Worker program " + programId + " never reached this member");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        ProgramKey key = new ProgramKey(programId, code.stream().map(CodeJar::sha256).toList());
        CompletableFuture<WorkerProgram> mine = new CompletableFuture<>();
        CompletableFuture<WorkerProgram> decoded = programs.putIfAbsent(key, mine);
        if (decoded == null) {
            try {
                mine.complete((WorkerProgram) new JdkSerializationCodec(loader).decode(bytes));
            } catch (IOException | RuntimeException | LinkageError e) {
                programs.remove(key, mine);
                mine.completeExceptionally(e);
            }
            decoded = mine;
        }
        try {
            return decoded.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        }
    }

    /** Forgets a program: the parent no longer uses it, or its parent is gone. */
    void evict(String programId) {
        programBytes.remove(programId);
        programOwners.remove(programId);
        programs.keySet().removeIf(key -> key.programId().equals(programId));
        // Loaders no program uses any more go too (a redeployed bundle leaves its old code behind).
        Set<List<String>> used = ConcurrentHashMap.newKeySet();
        programs.keySet().forEach(key -> used.add(key.jars()));
        loaders.keySet().removeIf(key -> !used.contains(key));
    }

    void started(UUID parent, MemberWorker worker) {
        running.computeIfAbsent(parent, p -> ConcurrentHashMap.newKeySet()).add(worker);
    }

    void ended(UUID parent, MemberWorker worker) {
        Set<MemberWorker> workers = running.get(parent);
        if (workers != null) {
            workers.remove(worker);
        }
    }

    @Override
    public void clientConnected(Client client) {
        // Nothing to do until it sends workers.
    }

    @Override
    public void clientDisconnected(Client client) {
        UUID parent = client.getUuid();
        Set<MemberWorker> workers = running.remove(parent);
        int stopped = 0;
        if (workers != null) {
            for (MemberWorker worker : workers) {
                worker.parentGone();
                stopped++;
            }
        }
        List<String> owned = programOwners.entrySet().stream().filter(e -> e.getValue().equals(parent))
                .map(Map.Entry::getKey).toList();
        owned.forEach(this::evict);
        if (stopped > 0 || !owned.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "mpire4j: parent " + client.getSocketAddress() + " (client " + parent
                    + ") disconnected: stopped its " + stopped + " worker(s) and forgot its " + owned.size()
                    + " program(s)");
        }
    }

    private void deleteJars() {
        Path folder = jarFolder;
        if (folder != null) {
            delete(folder);
        }
    }

    /**
     * Removes the code folders of members that were killed (no shutdown hook ran): each folder's name
     * holds its member's pid.
     */
    private static void sweepFoldersOfDeadMembers() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> folders = Files.list(temp)) {
            for (Path folder : folders.toList()) {
                String name = folder.getFileName().toString();
                if (!name.startsWith(FOLDER_PREFIX)) {
                    continue;
                }
                String rest = name.substring(FOLDER_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash > 0 && isDeadPid(rest.substring(0, dash))) {
                    delete(folder);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot sweep old code folders in " + temp + ": " + e);
        }
    }

    private static boolean isDeadPid(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot delete " + folder + ": " + e);
        }
    }
}
