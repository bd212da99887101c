package org.mpire4j.karaf;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.osgi.framework.BundleActivator;

/** Task bundles compiled by the test against this build's api jar. */
final class TaskBundles {

    private TaskBundles() {
    }

    /**
     * Compiles and writes a task bundle whose activator registers a task named {@code task} that returns
     * {@code "v" + version + ":" + line}, with the service property {@code hot.version}. The version is
     * compiled into the code, so a replaced jar really runs different code.
     *
     * @param scratch a folder for sources, classes and the jar
     * @param version the bundle's major version and the prefix of its results, such as {@code "1"}
     * @param task the task's name, also the jar's file name
     * @return the jar, named {@code task + ".jar"} whatever the version, so that it replaces its predecessor
     * @throws IOException if compiling or writing fails
     */
    static Path echo(Path scratch, String version, String task) throws IOException {
        Path sources = Files.createDirectories(scratch.resolve("task-src-" + version + "/karaf/echo"));
        Path classes = Files.createDirectories(scratch.resolve("task-classes-" + version));
        Path echo = Files.writeString(sources.resolve("Echo.java"), """
                package karaf.echo;

                public final class Echo implements org.mpire4j.api.Task<Object, String, String> {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String apply(org.mpire4j.api.WorkerContext<?> context, String line) {
                        return "v%s:" + line;
                    }
                }
                """.formatted(version));
        Path activator = Files.writeString(sources.resolve("Activator.java"), """
                package karaf.echo;

                import java.util.Map;
                import org.mpire4j.api.Task;
                import org.osgi.framework.BundleActivator;
                import org.osgi.framework.BundleContext;
                import org.osgi.framework.FrameworkUtil;

                public final class Activator implements BundleActivator {
                    @Override
                    public void start(BundleContext context) {
                        context.registerService(Task.class, new Echo(), FrameworkUtil.asDictionary(
                                Map.of(Task.NAME_PROPERTY, "%s", "hot.version", "%s")));
                    }

                    @Override
                    public void stop(BundleContext context) {
                        // the framework unregisters the service
                    }
                }
                """.formatted(task, version));
        compile(classes, echo, activator);

        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "karaf.echo");
        main.putValue("Bundle-Version", version + ".0.0");
        main.putValue("Bundle-Activator", "karaf.echo.Activator");
        main.putValue("Import-Package", "org.mpire4j.api;version=\"[1.0,2)\",org.osgi.framework");
        Path jar = Files.createDirectories(scratch.resolve("task-jar-" + version)).resolve(task + ".jar");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path classFile : files) {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace(File.separatorChar, '/')));
                Files.copy(classFile, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void compile(Path classes, Path... sources) throws IOException {
        String version = KarafHome.required("mpire.version");
        Path api = Path.of(KarafHome.required("karaf.repo"), "org/mpire4j/api", version, "api-" + version + ".jar");
        String osgi = Path.of(URI.create(
                BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toString())).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = List.of("--release", "25", "-classpath", api + File.pathSeparator + osgi,
                "-d", classes.toString(), "-proc:none");
        boolean ok = javac.getTask(messages, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(sources)).call();
        if (!ok) {
            throw new IOException("the test task bundle did not compile: " + messages);
        }
    }
}
