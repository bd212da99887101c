package org.mpire4j.karaf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.mpire4j.karaf.console.StdinConsole;

/**
 * A fresh Karaf installation for one test run: a copy of the distribution Maven unpacked into
 * {@code target/}, configured to run on Java 25 and to resolve Maven URLs offline (this build's features
 * repository and bundles included), with the test's console bundle in {@code deploy/}.
 */
final class KarafHome {

    private final Path root;

    private KarafHome(Path root) {
        this.root = root;
    }

    /** The Karaf folder (its {@code bin/}, {@code etc/}, {@code deploy/}). */
    Path root() {
        return root;
    }

    /** The features repository of this build, as {@code feature:repo-add} takes it. */
    static String featuresUrl() {
        return "mvn:org.mpire4j/mpire4j-features/" + required("mpire.version") + "/xml/features";
    }

    /** A folder for the test's own files (task sources, classes, jars before they are deployed). */
    Path scratch() throws IOException {
        return Files.createDirectories(root.resolve("scratch"));
    }

    /**
     * Copies the unpacked distribution to {@code target/karaf-test} (replacing what a previous run left) and
     * configures the copy.
     *
     * @return the configured installation, not started
     * @throws IOException if copying or writing fails
     */
    static KarafHome prepare() throws IOException {
        Path distribution = Path.of(required("karaf.home"));
        Path root = distribution.resolveSibling("karaf-test");
        delete(root);
        copy(distribution, root);
        KarafHome home = new KarafHome(root);
        home.allowJava25();
        home.resolveOffline(Path.of(required("karaf.repo")));
        publishFeatures(Path.of(required("karaf.repo")));
        home.withoutListeners();
        home.deploy(home.consoleBundle());
        return home;
    }

    /**
     * Karaf 4.4's {@code bin/inc} passes {@code -Djava.security.manager=allow} on Java 12+, which Java 24+
     * refuses at start ("Enabling a Security Manager is not supported"). Without the flag Karaf runs, except
     * that Event Admin fails to post events while it adds the sender's Subject ({@code Subject.getSubject}
     * throws on Java 24+): its {@code AddSubject} option is turned off.
     */
    private void allowJava25() throws IOException {
        Path inc = root.resolve("bin/inc");
        String script = Files.readString(inc);
        String patched = script.replace(" -Djava.security.manager=allow ", " ");
        if (patched.equals(script)) {
            throw new IllegalStateException(inc + " no longer passes -Djava.security.manager=allow: revisit KarafHome");
        }
        Files.writeString(inc, patched);
        Path eventAdmin = root.resolve("etc/org.apache.felix.eventadmin.impl.EventAdmin.cfg");
        Files.writeString(eventAdmin, Files.readString(eventAdmin)
                .replace("org.apache.felix.eventadmin.AddSubject=true", "org.apache.felix.eventadmin.AddSubject=false"));
    }

    /**
     * Maven URLs resolve from Karaf's {@code system/} and from {@code repository} only, never from the network
     * or from {@code ~/.m2} (on a clean CI machine it holds none of this build's artifacts; on a developer's,
     * possibly stale ones).
     */
    private void resolveOffline(Path repository) throws IOException {
        Files.writeString(root.resolve("etc/org.ops4j.pax.url.mvn.cfg"), """
                org.ops4j.pax.url.mvn.offline = true
                org.ops4j.pax.url.mvn.useFallbackRepositories = false
                org.ops4j.pax.url.mvn.localRepository = %1$s
                org.ops4j.pax.url.mvn.defaultRepositories = \\
                    ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, \\
                    %2$s@id=mpire4j@snapshots
                org.ops4j.pax.url.mvn.repositories =
                """.formatted(repository, repository.toUri()));
    }

    /**
     * Puts this build's features repository into {@code repository} under its Maven coordinates, where
     * {@link #featuresUrl()} resolves.
     */
    private static void publishFeatures(Path repository) throws IOException {
        String version = required("mpire.version");
        Path features = repository.resolve("org/mpire4j/mpire4j-features/" + version
                + "/mpire4j-features-" + version + "-features.xml");
        Files.createDirectories(features.getParent());
        Files.copy(Path.of(required("mpire.features")), features, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Boots without the ssh and management features, which listen on fixed ports (8101, 1099, 44444) that
     * another Karaf, or a run of this test in a second clone, may hold; the test needs neither.
     */
    private void withoutListeners() throws IOException {
        Path cfg = root.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg);
        String karaf = required("karaf.version");
        for (String unused : List.of("    ssh/" + karaf + ", \\\n", "    management/" + karaf + ", \\\n")) {
            if (!text.contains(unused)) {
                throw new IllegalStateException(cfg + " has no boot feature '" + unused.strip() + "': revisit KarafHome");
            }
            text = text.replace(unused, "");
        }
        Files.writeString(cfg, text);
    }

    /** Drops a jar into {@code deploy/} in one atomic step, newer than any jar it replaces. */
    void deploy(Path jar) throws IOException {
        Path target = root.resolve("deploy").resolve(jar.getFileName());
        if (Files.exists(target)) {
            // FileInstall compares modification times: a replacement must look changed even within a second.
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Math.max(System.currentTimeMillis(),
                    Files.getLastModifiedTime(target).toMillis() + 2000)));
        }
        Files.move(jar, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The console bundle: this test module's classes of package {@code console}. */
    private Path consoleBundle() throws IOException {
        String pkg = StdinConsole.class.getPackageName().replace('.', '/');
        Path classes = Path.of(URI.create(
                StdinConsole.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.mpire4j.karaf.test.console");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", StdinConsole.class.getName());
        main.putValue("Import-Package", "org.osgi.framework,org.osgi.util.tracker");
        // Dynamic: the console starts before Karaf's shell bundle (which exports these) is installed.
        main.putValue("DynamicImport-Package", "org.apache.felix.service.command,org.apache.karaf.shell.api.console");
        Path jar = scratch().resolve("test-console.jar");
        List<Path> files;
        try (Stream<Path> walk = Files.list(classes.resolve(pkg))) {
            files = walk.filter(file -> file.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path classFile : files) {
                out.putNextEntry(new JarEntry(pkg + "/" + classFile.getFileName()));
                Files.copy(classFile, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through"
                    + " Maven (mvn verify), which unpacks Karaf and fills the repository first");
        }
        return value;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // COPY_ATTRIBUTES keeps the scripts executable.
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

}
