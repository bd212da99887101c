package org.mpire4j.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java 25's AOT cache for worker JVMs (JEP 483, 514, 515): classes loaded and linked ahead of time, and
 * method profiles, from a training run. The first worker of a command (same JVM, options and class path)
 * is trained: a JVM of the same command runs a short training in the background and writes the cache
 * when it exits. Every later worker of that command, in this JVM or another, starts with
 * {@code -XX:AOTCache}.
 *
 * <p>Caches live in {@code $XDG_CACHE_HOME/mpire4j/aot} (else {@code ~/.cache/mpire4j/aot}), or in the folder
 * the system property {@value #DIR_PROPERTY} names; a file's name is a hash of the command, the JDK and the
 * class path's jars (their sizes and times), so a changed jar or JDK gets a cache of its own. A JVM that
 * finds a cache it cannot use says so on stderr and runs without it. Each training first sweeps the folder:
 * it keeps the {@value #MAX_CACHES} most recently used caches, none unused for {@value #MAX_AGE_DAYS} days.
 */
public final class AotCache {

    /** The system property naming the folder for AOT caches. */
    public static final String DIR_PROPERTY = "mpire4j.aotCacheDir";

    private static final java.util.concurrent.atomic.AtomicLong WITH_CACHE = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong WITHOUT_CACHE = new java.util.concurrent.atomic.AtomicLong();

    /** Caches this JVM trained or is training: at most one training run each. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

    /** How many caches a folder keeps at most (the most recently used); each takes about 15 MB. */
    static final int MAX_CACHES = 12;

    /** Caches unused for this many days are deleted. */
    static final int MAX_AGE_DAYS = 14;

    private AotCache() {
    }

    /**
     * The JVM options that make a new worker start from the AOT cache of its command. Without a cache yet,
     * starts a training JVM for it in the background (once per command in this JVM), and the worker starts
     * without one.
     *
     * @param command the worker's command
     * @param key the command's key ({@link WorkerCommand#key()})
     * @return the options to add: none, or {@code -XX:AOTCache=...}
     */
    static List<String> optionsFor(WorkerCommand command, String key) {
        if (!command.aot() || !command.jarsOnly()) {
            WITHOUT_CACHE.incrementAndGet();
            return List.of();
        }
        try {
            Path dir = dir();
            // The start method's name (the key's first line) is left out: spawn and fork run the same JVM command.
            String jvmKey = key.substring(key.indexOf('\n') + 1);
            String name = hash(jvmKey + System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version"));
            Path cache = dir.resolve(name + ".aot");
            if (Files.isRegularFile(cache)) {
                WITH_CACHE.incrementAndGet();
                markUsed(cache);
                return List.of("-XX:AOTCache=" + cache);
            }
            if (TRAINING.add(cache)) {
                train(command, dir, name, cache);
            }
        } catch (IOException | RuntimeException e) {
            // no cache folder, or no training JVM: workers start without a cache
        }
        WITHOUT_CACHE.incrementAndGet();
        return List.of();
    }

    /**
     * Trains in a JVM of the worker's command that runs {@link WorkerMain#train} instead of a worker: it
     * loads the worker's classes and runs the channel's codec, then exits, and the JVM writes the cache.
     * Its output is discarded, so nothing of it reaches the user; the cache takes its name atomically (a
     * rename in the same folder) once complete.
     */
    private static void train(WorkerCommand command, Path dir, String name, Path cache) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system, or not ours
        }
        sweep(dir);
        Path output = dir.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
        List<String> argv = new ArrayList<>();
        argv.add(command.jvm().getFirst());
        argv.add("-XX:AOTCacheOutput=" + output);
        argv.addAll(command.jvm().subList(1, command.jvm().size()));
        argv.add(WorkerMain.TRAIN);
        // A shell waits for the training JVM and names the cache, so a parent that exits first loses nothing; the
        // training runs at the lowest priority, so the workers it is for never wait for it.
        String script = "{ if command -v nice >/dev/null; then nice -n 19 \"$@\"; else \"$@\"; fi; }"
                + " && mv -f \"$MPIRE4J_AOT_OUTPUT\" \"$MPIRE4J_AOT_CACHE\";"
                + " rm -f \"$MPIRE4J_AOT_OUTPUT\" \"$MPIRE4J_AOT_OUTPUT.config\"";
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", script, "mpire4j-aot-training"));
        shell.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(shell).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("MPIRE4J_AOT_OUTPUT", output.toString());
        builder.environment().put("MPIRE4J_AOT_CACHE", cache.toString());
        builder.start().getOutputStream().close();
    }

    /**
     * Keeps a cache in use from looking unused to {@link #sweep}: its modification time is moved to now when
     * it is more than an hour old, so a worker start costs a file write at most once an hour.
     */
    private static void markUsed(Path cache) {
        try {
            FileTime now = FileTime.from(Instant.now());
            if (Files.getLastModifiedTime(cache).toInstant().isBefore(now.toInstant().minus(Duration.ofHours(1)))) {
                Files.setLastModifiedTime(cache, now);
            }
        } catch (IOException | RuntimeException ignored) {
            // not ours to touch, or gone: the sweep may delete it, and the next worker trains a new one
        }
    }

    /**
     * Deletes what training JVMs of parents that died before their cache was named left behind, and old
     * caches: every changed jar or JDK gets a cache of its own (about 15 MB), so without this a developer's
     * folder would grow with every build. Caches unused for {@value #MAX_AGE_DAYS} days go, and of the rest
     * the {@value #MAX_CACHES} most recently used stay.
     */
    static void sweep(Path dir) {
        deleteOrphanedTrainingOutput(dir);
        List<Path> caches;
        try (var files = Files.list(dir)) {
            caches = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList());
        } catch (IOException nothing) {
            return;
        }
        Map<Path, Instant> used = new HashMap<>();
        for (Path cache : caches) {
            try {
                used.put(cache, Files.getLastModifiedTime(cache).toInstant());
            } catch (IOException gone) {
                used.put(cache, Instant.MIN);
            }
        }
        caches.sort(Comparator.comparing(used::get).reversed());
        Instant tooOld = Instant.now().minus(Duration.ofDays(MAX_AGE_DAYS));
        for (int i = 0; i < caches.size(); i++) {
            Path cache = caches.get(i);
            if (i >= MAX_CACHES || used.get(cache).isBefore(tooOld)) {
                try {
                    // A JVM that has it mapped keeps its pages; a later worker of its command trains a new one.
                    Files.deleteIfExists(cache);
                } catch (IOException ignored) {
                    // not ours, or gone already
                }
            }
        }
    }

    private static void deleteOrphanedTrainingOutput(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                String[] parts = name.split("\\.");
                if (parts.length >= 3 && (name.endsWith(".tmp") || name.endsWith(".tmp.config"))) {
                    try {
                        long pid = Long.parseLong(parts[1]);
                        if (ProcessHandle.of(pid).isEmpty()) {
                            Files.deleteIfExists(file);
                        }
                    } catch (NumberFormatException | IOException ignored) {
                        // not one of ours, or gone already
                    }
                }
            });
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }

    /**
     * How many worker JVMs this JVM started from an AOT cache so far (for benchmarks and diagnostics).
     *
     * @return the count
     */
    public static long workersStartedWithCache() {
        return WITH_CACHE.get();
    }

    /**
     * How many worker JVMs this JVM started without an AOT cache so far: none existed yet for their command,
     * it was turned off, or their class path has folders.
     *
     * @return the count
     */
    public static long workersStartedWithoutCache() {
        return WITHOUT_CACHE.get();
    }

    /**
     * The folder of this user's AOT caches of worker JVMs.
     *
     * @return the folder (it may not exist yet)
     */
    public static Path directory() {
        return dir();
    }

    private static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mpire4j").resolve("aot");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
