package org.mpire4j.launcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds tiny bundles (a manifest only) and copies the distribution built by Maven. */
final class TestJars {

    private TestJars() {
    }

    /** The distribution folder Maven assembles before the test phase (see the launcher's pom). */
    static Path dist() {
        String dist = System.getProperty("mpire.dist");
        if (dist == null || !Files.isDirectory(Path.of(dist, Launcher.BUNDLES))) {
            throw new IllegalStateException("No distribution at " + dist + ": run the tests through Maven"
                    + " (mvn verify), which copies the bundles to target/dist before the test phase");
        }
        return Path.of(dist);
    }

    /** Copies the distribution's bundles/ into {@code home}/bundles and returns {@code home}. */
    static Path copyDistribution(Path home) throws IOException {
        Path target = Files.createDirectories(home.resolve(Launcher.BUNDLES));
        try (Stream<Path> jars = Files.list(dist().resolve(Launcher.BUNDLES))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, target.resolve(jar.getFileName()));
            }
        }
        return home;
    }

    /** Writes a bundle whose activator registers a demo command ({@link DemoActivator}). */
    static Path demoBundle(Path jar, String... headers) throws IOException {
        String[] all = Arrays.copyOf(headers, headers.length + 4);
        all[headers.length] = "Bundle-Activator";
        all[headers.length + 1] = DemoActivator.class.getName();
        all[headers.length + 2] = "Import-Package";
        all[headers.length + 3] = "org.osgi.framework";
        return write(jar, "test.demo", List.of(DemoActivator.class), all);
    }

    /** Writes a bundle with the given symbolic name and extra manifest headers, and no classes. */
    static Path bundle(Path jar, String symbolicName, String... headers) throws IOException {
        return write(jar, symbolicName, List.of(), headers);
    }

    private static Path write(Path jar, String symbolicName, List<Class<?>> classes, String... headers)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Bundle-ManifestVersion", "2");
        all.put("Bundle-SymbolicName", symbolicName);
        all.put("Bundle-Version", "1.0.0");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        all.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(jar.getParent());
        // Written aside and moved in, so that a watcher never sees a half-written jar.
        Path partial = Files.createTempFile(jar.getParent().getParent(), "partial", ".tmp");
        try (OutputStream file = Files.newOutputStream(partial);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
                    out.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
    }
}
