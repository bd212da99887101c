package org.mpire4j.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mpire4j.api.spi.WorkerProgram;

/** The class path of a worker process: everything the parent's code and the worker's messages need. */
public final class WorkerClassPath {

    private WorkerClassPath() {
    }

    /**
     * This JVM's class path and module path, plus the jars that hold the worker's own code and the
     * given classes (inside OSGi: the revisions of their bundles and of everything those are wired to,
     * as this framework resolved them, written from the revisions' content to content-addressed jars,
     * so any bundle location works and an updated bundle's workers run the parent's revision).
     *
     * @param program the worker program
     * @param code the classes of the task, hooks and shared objects
     * @return the class path
     */
    public static String of(WorkerProgram program, Set<Class<?>> code) {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        List<Class<?>> all = new ArrayList<>(List.of(WorkerMain.class, WorkerProgram.class, program.getClass()));
        all.addAll(code);
        for (Class<?> c : all) {
            if (inFramework(c, entries, true)) {
                continue;
            }
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                try {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException ignored) {
                    // not a plain file location; the paths above must do
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The jars another JVM needs to load these classes. Inside OSGi: the jars of the bundle revisions
     * that loaded them and of every revision those are wired to, written from the revisions' content
     * (named by their SHA-256). Outside OSGi (a plain class path or module path): the jar each class
     * was loaded from, or for a class folder such as {@code target/classes}, that folder packed into a
     * content-addressed jar; JDK classes add nothing.
     *
     * @param code the classes
     * @return the jars, in a stable order
     */
    public static Set<Path> bundleJars(Collection<Class<?>> code) {
        return jarsOf(code, true);
    }

    /**
     * Like {@link #bundleJars}, but inside OSGi without what the classes' bundles are wired to.
     *
     * @param code the classes
     * @return the jars, in a stable order
     */
    public static Set<Path> ownBundleJars(Collection<Class<?>> code) {
        return jarsOf(code, false);
    }

    private static Set<Path> jarsOf(Collection<Class<?>> code, boolean withWiring) {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> c : code) {
            if (!inFramework(c, jars, withWiring)) {
                Path source = codeSource(c);
                if (source != null) {
                    // A caller on a plain class path: its classes travel too, as one file each.
                    jars.add((Files.isDirectory(source) ? FolderJars.of(source) : source).toString());
                }
            }
        }
        Set<Path> paths = new LinkedHashSet<>();
        for (String jar : jars) {
            paths.add(Path.of(jar));
        }
        return paths;
    }

    /** The jar or folder a class was loaded from, if it is a local file; {@code null} for the JDK's. */
    private static Path codeSource(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.exists(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return null;
        }
    }

    private static boolean inFramework(Class<?> code, Set<String> entries, boolean withWiring) {
        try {
            return BundleJars.addJarsOf(code, entries, withWiring);
        } catch (NoClassDefFoundError notInOsgi) {
            return false;
        }
    }
}
