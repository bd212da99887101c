package org.mpire4j.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A class folder (such as {@code target/classes}) as a jar, for code that must travel to another
 * machine as one file: written deterministically to a content-addressed jar ({@code <sha256>.jar}) in
 * {@link JarStore.folder()}, so the same classes always give the same file. Rewritten only when a
 * file in the folder changed (its count, size or time).
 */
final class FolderJars {

    /** What a folder held when it was last written: its files' count, total size and newest time. */
    private record Stamp(long files, long bytes, long newest) {
    }

    private record Written(Stamp stamp, Path jar) {
    }

    private static final Map<Path, Written> WRITTEN = new ConcurrentHashMap<>();

    private FolderJars() {
    }

    /**
     * The jar of a folder's files.
     *
     * @param folder the class folder
     * @return the jar
     * @throws UncheckedIOException if the folder cannot be read or the jar written
     */
    static Path of(Path folder) {
        try {
            List<Path> files;
            try (Stream<Path> tree = Files.walk(folder)) {
                files = tree.filter(p -> !p.equals(folder)).sorted().toList();
            }
            long bytes = 0;
            long newest = 0;
            int count = 0;
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    count++;
                    bytes += attributes.size();
                    newest = Math.max(newest, attributes.lastModifiedTime().toMillis());
                }
            }
            Stamp stamp = new Stamp(count, bytes, newest);
            Written known = WRITTEN.get(folder);
            if (known != null && known.stamp().equals(stamp) && Files.isRegularFile(known.jar())) {
                return known.jar();
            }
            Path cache = JarStore.folder();
            Files.createDirectories(cache);
            Path jar = JarStore.store(cache, out -> {
                try (JarOutputStream zip = new JarOutputStream(out)) {
                    for (Path file : files) {
                        boolean directory = Files.isDirectory(file);
                        String name = folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                        ZipEntry entry = new ZipEntry(directory ? name + "/" : name);
                        entry.setTime(JarStore.ENTRY_TIME);
                        zip.putNextEntry(entry);
                        if (!directory) {
                            Files.copy(file, zip);
                        }
                        zip.closeEntry();
                    }
                }
            });
            WRITTEN.put(folder, new Written(stamp, jar));
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot pack the class folder " + folder + " into a jar in "
                    + JarStore.folder() + " for other machines: " + e.getMessage() + "; make that folder"
                    + " writable, or name another with -D" + JarStore.CACHE_PROPERTY + "=DIR", e);
        }
    }
}
