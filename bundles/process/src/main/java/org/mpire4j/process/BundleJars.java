package org.mpire4j.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Inside OSGi, the jars a worker process needs for a class: the revision of the bundle that loaded
 * it and every revision that one is wired to, exactly as the parent resolved them, written from the
 * revisions' content ({@link RevisionJars}), never read from the bundles' locations. Loaded only
 * where the framework classes exist; outside OSGi {@link WorkerClassPath} never reaches it.
 */
final class BundleJars {

    /** The namespaces whose wires classes are loaded through. */
    private static final List<String> CODE_NAMESPACES = List.of(PackageNamespace.PACKAGE_NAMESPACE,
            BundleNamespace.BUNDLE_NAMESPACE);

    private BundleJars() {
    }

    /**
     * Adds the jars of the class's bundle revision and, if asked, its wiring closure.
     *
     * @param code the class
     * @param jars where to add them
     * @param withWiring whether to add the revisions it is wired to, and theirs
     * @return whether the class came from a bundle
     */
    static boolean addJarsOf(Class<?> code, Set<String> jars, boolean withWiring) {
        Bundle bundle = FrameworkUtil.getBundle(code);
        if (bundle == null) {
            return false;
        }
        BundleWiring start = wiringThatLoaded(code, bundle);
        if (start == null) {
            return false; // uninstalled meanwhile: nothing left to read the code from
        }
        Deque<BundleWiring> todo = new ArrayDeque<>();
        Set<BundleWiring> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(start);
        while (!todo.isEmpty()) {
            BundleWiring next = todo.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next.getRevision().getBundle().getBundleId() == 0) {
                // The system bundle: its OSGi packages (a task may mention Bundle in a signature) come from
                // the framework's jar; the rest are the JDK's.
                addCodeSource(Bundle.class, jars);
                continue;
            }
            for (Path jar : RevisionJars.of(next)) {
                jars.add(jar.toString());
            }
            if (withWiring) {
                // Only the wires classes are loaded through (Import-Package, Require-Bundle): a service-loader or
                // extender requirement would pull in every provider, Hazelcast's 23 MB among them.
                for (String namespace : CODE_NAMESPACES) {
                    for (BundleWire wire : next.getRequiredWires(namespace)) {
                        // The provider's wiring, not its bundle: the bundle may have a newer revision by now.
                        BundleWiring provider = wire.getProviderWiring();
                        if (provider != null) {
                            todo.add(provider);
                        }
                    }
                }
            }
        }
        return true;
    }

    /**
     * The wiring whose class loader defined the class: after {@code Bundle.update} without a refresh
     * the bundle's current revision is another than the one the parent's object comes from.
     */
    private static BundleWiring wiringThatLoaded(Class<?> code, Bundle bundle) {
        BundleRevisions revisions = bundle.adapt(BundleRevisions.class);
        if (revisions != null) {
            for (BundleRevision revision : revisions.getRevisions()) {
                BundleWiring wiring = revision.getWiring();
                if (wiring != null && wiring.getClassLoader() == code.getClassLoader()) {
                    return wiring;
                }
            }
        }
        return bundle.adapt(BundleWiring.class);
    }

    /**
     * A folder in this bundle's data area inside the framework's storage, cleaned with it.
     *
     * @param name the folder's name
     * @return the folder, or {@code null} when this class is not in a started bundle
     */
    static Path dataFolder(String name) {
        Bundle self = FrameworkUtil.getBundle(BundleJars.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        java.io.File data = context == null ? null : context.getDataFile(name);
        return data == null ? null : data.toPath();
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
}
