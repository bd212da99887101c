package org.mpire4j.process;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Inside OSGi, the jars a worker process needs for a class: the bundle that loaded it and every
 * bundle it is wired to, at the revisions the parent resolved. Loaded only where the framework
 * classes exist; outside OSGi {@link WorkerClassPath} never reaches it.
 */
final class BundleJars {

    private BundleJars() {
    }

    /**
     * Adds the jars of the class's bundle and, if asked, its wiring closure.
     *
     * @param code the class
     * @param jars where to add them
     * @param withWiring whether to add the bundles it is wired to, and theirs
     * @return whether the class came from a bundle
     */
    static boolean addJarsOf(Class<?> code, Set<String> jars, boolean withWiring) {
        Bundle bundle = FrameworkUtil.getBundle(code);
        if (bundle == null) {
            return false;
        }
        Deque<Bundle> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.add(bundle);
        while (!todo.isEmpty()) {
            Bundle next = todo.poll();
            if (!seen.add(next.getBundleId())) {
                continue;
            }
            if (next.getBundleId() == 0) {
                // The system bundle: its OSGi packages (a task may mention Bundle in a signature) come from
                // the framework's jar; the rest are the JDK's.
                addCodeSource(Bundle.class, jars);
                continue;
            }
            Path jar = jarOf(next.getLocation());
            if (jar != null) {
                jars.add(jar.toString());
            }
            BundleWiring wiring = withWiring ? next.adapt(BundleWiring.class) : null;
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(null)) {
                    todo.add(wire.getProvider().getBundle());
                }
            }
        }
        return true;
    }

    private static void addCodeSource(Class<?> type, Set<String> jars) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                Path path = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(path)) {
                    jars.add(path.toString());
                }
            } catch (java.net.URISyntaxException | RuntimeException notAFile) {
                // the framework's classes are not in a plain jar: tasks must not need them
            }
        }
    }

    private static Path jarOf(String location) {
        String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            if (url.startsWith("file:")) {
                Path path = Path.of(URI.create(url));
                return Files.isRegularFile(path) ? path : null;
            }
            Path path = Path.of(url);
            return Files.isRegularFile(path) ? path : null;
        } catch (RuntimeException notAFile) {
            return null;
        }
    }
}
