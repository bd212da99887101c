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
     * Adds the jars of the class's bundle and its wiring closure.
     *
     * @param code the class
     * @param jars where to add them
     * @return whether the class came from a bundle
     */
    static boolean addJarsOf(Class<?> code, Set<String> jars) {
        Bundle bundle = FrameworkUtil.getBundle(code);
        if (bundle == null) {
            return false;
        }
        Deque<Bundle> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.add(bundle);
        while (!todo.isEmpty()) {
            Bundle next = todo.poll();
            if (next.getBundleId() == 0 || !seen.add(next.getBundleId())) {
                continue; // the system bundle's packages come from the JDK and the launcher's class path
            }
            Path jar = jarOf(next.getLocation());
            if (jar != null) {
                jars.add(jar.toString());
            }
            BundleWiring wiring = next.adapt(BundleWiring.class);
            if (wiring != null) {
                for (BundleWire wire : wiring.getRequiredWires(null)) {
                    todo.add(wire.getProvider().getBundle());
                }
            }
        }
        return true;
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
