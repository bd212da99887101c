package org.mpire4j.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.osgi.framework.BundleActivator;

/**
 * Builds tiny bundles (a manifest only, or classes of this test module, or task bundles compiled
 * here against the distribution's api.jar) and copies the distribution built by Maven.
 */
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

    /**
     * Replaces {@code target} with a copy of {@code source} in one atomic step, with a later
     * modification time, so that a watcher sees one complete change.
     */
    static Path replace(Path source, Path target) throws IOException {
        Path partial = Files.createTempFile(target.getParent().getParent(), "partial", ".tmp");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(partial, FileTime.fromMillis(
                Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(target).toMillis() + 2000)));
        return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
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

    /**
     * Compiles and writes a task bundle: its activator registers {@code org.mpire4j.api.Task} services
     * named {@code task} (returns {@code "v<version>:" + line}) and {@code task + "-slow"} (the same,
     * after 100 ms of simulated work per line), each with the service property {@code hot.version}.
     * The version is compiled into the code, so a replaced jar really runs different code. The test
     * module cannot see the api's classes at run time; javac sees them through the distribution's
     * api.jar.
     *
     * @param jar where to write the bundle
     * @param symbolicName the bundle's symbolic name; also its package name
     * @param version the bundle's version and the prefix of its results, such as {@code "1"}
     * @param task the task's name
     * @param scratch a folder for sources and classes
     * @return {@code jar}
     * @throws IOException if writing fails
     */
    static Path taskBundle(Path jar, String symbolicName, String version, String task, Path scratch)
            throws IOException {
        String pkg = symbolicName.replace('-', '_');
        Path sources = Files.createDirectories(scratch.resolve("src-" + symbolicName + "-" + version));
        Path classes = Files.createDirectories(scratch.resolve("classes-" + symbolicName + "-" + version));
        Path echo = sources.resolve("Echo.java");
        Files.writeString(echo, """
                package %1$s;

                public final class Echo implements org.mpire4j.api.Task<Object, String, String> {
                    private static final long serialVersionUID = 1L;
                    private final long pauseMillis;

                    public Echo(long pauseMillis) {
                        this.pauseMillis = pauseMillis;
                    }

                    @Override
                    public String apply(org.mpire4j.api.WorkerContext<?> context, String line) throws Exception {
                        // Simulated work that keeps a map running for a while (interruptible, clock-bounded).
                        long end = System.nanoTime() + pauseMillis * 1_000_000L;
                        while (System.nanoTime() < end) {
                            java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
                            if (Thread.interrupted()) {
                                throw new InterruptedException();
                            }
                        }
                        if (line.equals("reject")) {
                            // A task's own IllegalArgumentException: a failed run, never a usage error.
                            throw new IllegalArgumentException("rejected line '" + line + "'");
                        }
                        return "v%2$s:" + line;
                    }
                }
                """.formatted(pkg, version));
        Path activator = sources.resolve("Activator.java");
        Files.writeString(activator, """
                package %1$s;

                import java.util.Map;
                import org.mpire4j.api.Task;
                import org.osgi.framework.BundleActivator;
                import org.osgi.framework.BundleContext;
                import org.osgi.framework.FrameworkUtil;

                public final class Activator implements BundleActivator {
                    @Override
                    public void start(BundleContext context) {
                        context.registerService(Task.class, new Echo(0), FrameworkUtil.asDictionary(
                                Map.of(Task.NAME_PROPERTY, "%2$s", "hot.version", "%3$s")));
                        context.registerService(Task.class, new Echo(100), FrameworkUtil.asDictionary(
                                Map.of(Task.NAME_PROPERTY, "%2$s-slow", "hot.version", "%3$s")));
                    }

                    @Override
                    public void stop(BundleContext context) {
                        // the framework unregisters the services
                    }
                }
                """.formatted(pkg, task, version));
        compile(classes, echo, activator);
        return write(jar, symbolicName, classes, "Bundle-Version", version + ".0.0",
                "Bundle-Activator", pkg + ".Activator",
                "Import-Package", "org.mpire4j.api;version=\"[1.0,2)\",org.osgi.framework");
    }

    private static void compile(Path classes, Path... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = dist().resolve(Launcher.BUNDLES).resolve("api.jar") + File.pathSeparator
                + Path.of(URI.create(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation()
                        .toString()));
        StringWriter messages = new StringWriter();
        List<String> options = List.of("--release", "25", "-classpath", classPath, "-d", classes.toString(),
                "-proc:none");
        boolean ok = javac.getTask(messages, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(sources)).call();
        if (!ok) {
            throw new IOException("test task bundle did not compile: " + messages);
        }
    }

    /** Writes a bundle with the given symbolic name and extra manifest headers, and no classes. */
    static Path bundle(Path jar, String symbolicName, String... headers) throws IOException {
        return write(jar, symbolicName, List.of(), headers);
    }

    /** Writes a bundle holding the class files of {@code classes} (a folder tree). */
    private static Path write(Path jar, String symbolicName, Path classes, String... headers) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        return write(jar, symbolicName, out -> {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }, headers);
    }

    private static Path write(Path jar, String symbolicName, List<Class<?>> classes, String... headers)
            throws IOException {
        return write(jar, symbolicName, out -> {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
                    out.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(out);
                    out.closeEntry();
                }
            }
        }, headers);
    }

    /** What goes into a jar after its manifest. */
    private interface Content {
        void writeTo(JarOutputStream out) throws IOException;
    }

    private static Path write(Path jar, String symbolicName, Content content, String... headers)
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
            content.writeTo(out);
        }
        // A replaced jar must look changed to FileInstall, even when written within the same second.
        if (Files.exists(jar)) {
            Files.setLastModifiedTime(partial, FileTime.fromMillis(
                    Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(jar).toMillis() + 2000)));
        }
        return Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
