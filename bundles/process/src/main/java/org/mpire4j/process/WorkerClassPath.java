package org.mpire4j.process;

import java.io.File;
import java.net.URISyntaxException;
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
     * Inside OSGi, the jars of the bundle revisions that loaded these classes and of every revision
     * those are wired to, written from the revisions' content (named by their SHA-256): what another
     * JVM needs to load them. Classes
     * that no bundle loaded add nothing, so outside OSGi the answer is empty.
     *
     * @param code the classes
     * @return the jars, in a stable order
     */
    public static Set<Path> bundleJars(Collection<Class<?>> code) {
        return jarsOf(code, true);
    }

    /**
     * Inside OSGi, the jars of the bundles that loaded these classes, without what they are wired to.
     *
     * @param code the classes
     * @return the jars, in a stable order; empty outside OSGi
     */
    public static Set<Path> ownBundleJars(Collection<Class<?>> code) {
        return jarsOf(code, false);
    }

    private static Set<Path> jarsOf(Collection<Class<?>> code, boolean withWiring) {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> c : code) {
            inFramework(c, jars, withWiring);
        }
        Set<Path> paths = new LinkedHashSet<>();
        for (String jar : jars) {
            paths.add(Path.of(jar));
        }
        return paths;
    }

    private static boolean inFramework(Class<?> code, Set<String> entries, boolean withWiring) {
        try {
            return BundleJars.addJarsOf(code, entries, withWiring);
        } catch (NoClassDefFoundError notInOsgi) {
            return false;
        }
    }
}
