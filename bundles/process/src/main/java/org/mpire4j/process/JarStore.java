package org.mpire4j.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-addressed jar files for worker class paths: each named by the SHA-256 of its bytes
 * ({@code <sha256>.jar}), so the same content always gives the same file, writers in several JVMs or
 * threads agree, and a file once written never changes. Needs no OSGi classes (only
 * {@link #folder()} asks the framework, when there is one).
 */
final class JarStore {

    /** The system property that names the folder for the jars instead of the default. */
    static final String CACHE_PROPERTY = "mpire4j.revision.cache";

    /** A fixed entry time: the same content gives the same bytes. 2026-01-01T00:00:00Z. */
    static final long ENTRY_TIME = 1_767_225_600_000L;

    private JarStore() {
    }

    /** What writes a file's bytes. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes content under its SHA-256 name, unless a file of that name is already there.
     *
     * @param folder where
     * @param content what
     * @return the file, {@code <sha256>.jar}
     * @throws IOException if it cannot be written
     */
    static Path store(Path folder, Content content) throws IOException {
        Path temporary = Files.createTempFile(folder, ".writing-", ".jar");
        try {
            MessageDigest sha256 = sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
                content.writeTo(out);
            }
            Path jar = folder.resolve(HexFormat.of().formatHex(sha256.digest()) + ".jar");
            if (!Files.isRegularFile(jar)) {
                try {
                    Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    // Another writer won, or the folder cannot move atomically: the name says the content.
                    if (!Files.isRegularFile(jar)) {
                        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return jar;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256, which every Java platform must have", e);
        }
    }

    /**
     * The folder for the jars: {@value #CACHE_PROPERTY} if set, else this user's cache folder
     * ({@code $XDG_CACHE_HOME/mpire4j/revisions}, else {@code ~/.cache/mpire4j/revisions}), else the process
     * bundle's data area, else a folder per user in the temporary folder. A stable folder shared by every
     * run matters: the same code then gives the same worker class path run after run, so idle workers and
     * the worker JVMs' AOT cache (keyed by the class path) serve later runs too. Content addressing makes
     * sharing it between JVMs safe.
     */
    static Path folder() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path userCache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("mpire4j").resolve("revisions");
        try {
            Files.createDirectories(userCache);
            if (Files.isWritable(userCache)) {
                return userCache;
            }
        } catch (IOException | RuntimeException unusable) {
            // a read-only home: the framework's storage below
        }
        try {
            Path data = BundleJars.dataFolder("revisions");
            if (data != null) {
                return data;
            }
        } catch (NoClassDefFoundError notInOsgi) {
            // no framework classes here: the temporary folder below
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "mpire4j-revisions-" + System.getProperty("user.name"));
    }
}
