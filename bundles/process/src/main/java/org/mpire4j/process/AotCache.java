package org.mpire4j.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java 25's AOT cache for worker JVMs (JEP 483, 514, 515): classes loaded and linked ahead of time, and
 * method profiles, from a training run. The first worker of a command (same JVM, options and class path)
 * trains: it runs with {@code -XX:AOTCacheOutput} and writes the cache when it exits. Every later worker
 * of that command, in this JVM or another, starts with {@code -XX:AOTCache}.
 *
 * <p>Caches live in {@code $XDG_CACHE_HOME/mpire4j/aot} (else {@code ~/.cache/mpire4j/aot}), or in the folder
 * the system property {@value #DIR_PROPERTY} names; a file's name is a hash of the command, the JDK and the
 * class path's jars (their sizes and times), so a changed jar or JDK gets a cache of its own. A JVM that
 * finds a cache it cannot use says so on stderr and runs without it.
 */
final class AotCache {

    /** The system property naming the folder for AOT caches. */
    static final String DIR_PROPERTY = "mpire4j.aotCacheDir";

    /** Caches this JVM is training now or failed to train: at most one training run each. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

    /** What a new worker process does about the AOT cache. */
    record Use(List<String> jvmArgs, Path cache, Path output) {
        static final Use NONE = new Use(List.of(), null, null);

        /** Whether this process trains (and so is not reused: the cache is written when it exits). */
        boolean training() {
            return output != null;
        }
    }

    private AotCache() {
    }

    /**
     * Decides for a new worker process.
     *
     * @param command the worker's command
     * @param key the command's key ({@link WorkerCommand#key()})
     * @return the options to add, and whether it trains
     */
    static Use forCommand(WorkerCommand command, String key) {
        if (!command.aot() || !command.jarsOnly()) {
            return Use.NONE;
        }
        try {
            Path dir = dir();
            String name = hash(key + System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version"));
            Path cache = dir.resolve(name + ".aot");
            if (Files.isRegularFile(cache)) {
                return new Use(List.of("-XX:AOTCache=" + cache), cache, null);
            }
            if (!TRAINING.add(cache)) {
                return Use.NONE;
            }
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException | IOException ignored) {
                // not a POSIX file system, or not ours: the cache is still only read by this user's JVMs
            }
            Path output = dir.resolve(name + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            return new Use(List.of("-XX:AOTCacheOutput=" + output), cache, output);
        } catch (IOException | RuntimeException e) {
            return Use.NONE; // no cache folder: workers start without one
        }
    }

    /**
     * After a training worker exited: its cache takes its final name if it was written.
     *
     * @param use what the worker did
     * @param exitCode how it exited
     */
    static void trained(Use use, int exitCode) {
        if (!use.training()) {
            return;
        }
        try {
            if (exitCode == 0 && Files.isRegularFile(use.output())) {
                Files.move(use.output(), use.cache(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                TRAINING.remove(use.cache());
            }
        } catch (IOException | RuntimeException e) {
            // another JVM's cache took the name first, or the folder went: nothing lost
        } finally {
            try {
                Files.deleteIfExists(use.output());
                Files.deleteIfExists(Path.of(use.output() + ".config"));
            } catch (IOException ignored) {
                // left for the next training of this command to replace
            }
        }
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
