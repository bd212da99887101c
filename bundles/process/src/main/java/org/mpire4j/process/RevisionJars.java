package org.mpire4j.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The content of a bundle revision as jar files a worker JVM can put on its class path.
 *
 * <p>Why not the bundle's location: a location need not be a file ({@code mvn:}, {@code http:}, an
 * input stream, a provisioning tool's own scheme), and after {@code Bundle.update} the file at the
 * location may hold other code than the revision the parent's classes came from. The framework
 * serves every revision's entries, so the jar is written from those: the same revision, wherever it
 * came from.
 *
 * <p>Each jar is named by the SHA-256 of its bytes ({@code <sha256>.jar}), written deterministically
 * (sorted entries, fixed times), so the same content always gives the same file: writers in several
 * JVMs or threads agree, a file once written is never changed, and workers keep their files while a
 * newer revision gets a new name. Written to a temporary file and moved into place atomically.
 */
final class RevisionJars {

    /** Jars already written, per revision (weak: a refreshed-away revision goes with its jars). */
    private static final Map<BundleRevision, List<Path>> WRITTEN = Collections.synchronizedMap(new WeakHashMap<>());

    private RevisionJars() {
    }

    /**
     * The jars that hold a wiring's revision: its content (with its attached fragments'), then each
     * jar its {@code Bundle-ClassPath} names inside it.
     *
     * @param wiring the wiring of the revision the parent loads classes from
     * @return the jar files, written if not yet there
     * @throws UncheckedIOException if the content cannot be read or written
     */
    static List<Path> of(BundleWiring wiring) {
        BundleRevision revision = wiring.getRevision();
        List<Path> known = WRITTEN.get(revision);
        if (known != null && known.stream().allMatch(Files::isRegularFile)) {
            return known;
        }
        try {
            List<Path> jars = write(wiring);
            WRITTEN.put(revision, jars);
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the content of bundle " + revision.getSymbolicName() + " "
                    + revision.getVersion() + " (id " + revision.getBundle().getBundleId() + ") for worker processes to "
                    + JarStore.folder() + ": " + e.getMessage() + "; make that folder writable, or name another with -D"
                    + JarStore.CACHE_PROPERTY + "=DIR", e);
        }
    }

    private static List<Path> write(BundleWiring wiring) throws IOException {
        // Entry name -> URL; the revision's own entries first, so they win over a fragment's of the same name.
        Map<String, URL> entries = new TreeMap<>();
        List<URL> found = wiring.findEntries("/", "*", BundleWiring.FINDENTRIES_RECURSE);
        for (URL url : found) {
            String name = entryName(url);
            if (!name.isEmpty()) {
                entries.putIfAbsent(name, url);
            }
        }
        Path folder = JarStore.folder();
        Files.createDirectories(folder);
        List<Path> jars = new ArrayList<>();
        byte[] manifestBytes = entries.containsKey(MANIFEST) ? read(entries.get(MANIFEST)) : null;
        jars.add(JarStore.store(folder, out -> writeJar(out, entries, manifestBytes)));
        // A jar inside the bundle on its Bundle-ClassPath: a class path cannot reach into a jar, so give it its own file.
        if (manifestBytes != null) {
            String classPath = new Manifest(new java.io.ByteArrayInputStream(manifestBytes)).getMainAttributes()
                    .getValue(Constants.BUNDLE_CLASSPATH);
            for (String element : classPath == null ? new String[0] : classPath.split(",")) {
                String inner = element.split(";")[0].strip();
                inner = inner.startsWith("/") ? inner.substring(1) : inner;
                URL url = entries.get(inner);
                if (!inner.equals(".") && url != null && !inner.endsWith("/")) {
                    byte[] bytes = read(url);
                    jars.add(JarStore.store(folder, out -> out.write(bytes)));
                }
            }
        }
        return List.copyOf(jars);
    }

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    /** The path inside the bundle: what follows the URL's host (Felix and Equinox agree on that). */
    private static String entryName(URL url) {
        String path = url.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static void writeJar(OutputStream sink, Map<String, URL> entries, byte[] manifestBytes)
            throws IOException {
        Manifest manifest = manifestBytes != null ? new Manifest(new java.io.ByteArrayInputStream(manifestBytes))
                : new Manifest();
        manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream jar = new JarOutputStream(sink)) {
            jar.setLevel(Deflater.BEST_SPEED); // written once per revision, read by every worker
            ZipEntry manifestEntry = new ZipEntry(MANIFEST);
            manifestEntry.setTime(JarStore.ENTRY_TIME);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            for (Map.Entry<String, URL> entry : entries.entrySet()) {
                if (entry.getKey().equals(MANIFEST) || entry.getKey().equals("META-INF/")) {
                    continue;
                }
                ZipEntry zip = new ZipEntry(entry.getKey());
                zip.setTime(JarStore.ENTRY_TIME);
                jar.putNextEntry(zip);
                if (!entry.getKey().endsWith("/")) {
                    try (InputStream in = entry.getValue().openStream()) {
                        in.transferTo(jar);
                    }
                }
                jar.closeEntry();
            }
        }
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
