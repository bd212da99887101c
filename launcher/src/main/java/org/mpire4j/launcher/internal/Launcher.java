package org.mpire4j.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Boots an embedded OSGi framework (Apache Felix) from a distribution folder.
 *
 * <p>The folder ("home") holds {@value #BUNDLES}/, whose jars are installed in file-name order (by
 * reference: the framework reads them where they are) and started (fragments are only resolved),
 * and {@value #DEPLOY}/, which Apache Felix FileInstall watches for bundles deployed while the
 * framework runs. The framework's cache lives in {@value #CACHE}/ unless the properties name another
 * (the launcher's commands each use their own, {@link #commandCache}), and is emptied the first time
 * the framework initialises, so every start begins from the jars on disk.
 */
public final class Launcher {

    /** The folder of {@code home} whose jars are installed and started. */
    public static final String BUNDLES = "bundles";

    /**
     * The folder of {@code home} with the Apache Felix Gogo console (gogo.jline and jline): installed
     * and started by {@link #startConsole} only, for {@code serve} on a terminal. A console on a
     * standard input that is not a terminal would read it and print a dumb-terminal warning.
     */
    public static final String CONSOLE = "console";

    /** The folder of {@code home} watched for hot deployment. */
    public static final String DEPLOY = "deploy";

    /** The folder of {@code home} holding the framework's cache. */
    public static final String CACHE = "felix-cache";

    /** How long {@link #stop(Framework)} waits for the framework to stop. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Held: java.util.logging keeps loggers weakly, and with them their level. */
    private static final java.util.logging.Logger HAZELCAST_OSGI_LOG = java.util.logging.Logger.getLogger("com.hazelcast.osgi");

    private Launcher() {
    }

    /**
     * Starts the framework and every bundle of {@code home/bundles}.
     *
     * @param home the distribution folder
     * @return the started framework; the caller stops it, for example with {@link #stop(Framework)}
     * @throws LaunchException if the framework could not start, or a bundle could not be installed or
     *     did not resolve or start; the framework has then been stopped again
     */
    public static Framework start(Path home) throws LaunchException {
        return start(home, Map.of());
    }

    /**
     * Starts the framework and every bundle of {@code home/bundles}, with extra framework properties.
     *
     * @param home the distribution folder
     * @param properties framework properties that replace the launcher's defaults, such as
     *     {@code felix.fileinstall.log.level}
     * @return the started framework; the caller stops it, for example with {@link #stop(Framework)}
     * @throws LaunchException if the framework could not start, or a bundle could not be installed or
     *     did not resolve or start; the framework has then been stopped again
     */
    public static Framework start(Path home, Map<String, String> properties) throws LaunchException {
        // Hazelcast's activator would look for JavaScript engines for Management Center's scripts
        // (there are none: a warning, and a noticeable part of the start). A system property: the
        // activator reads no other.
        System.getProperties().putIfAbsent("hazelcast.osgi.jsr223.disabled", "true");
        // It then still warns that scripts are off, and says on every start and stop that it
        // (un)registered its OSGi service, which mpire4j does not use (members start through
        // org.mpire4j.hazelcast.Member): its OSGi integration's messages are errors only.
        HAZELCAST_OSGI_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path root = home.toAbsolutePath().normalize();
        List<Path> jars = bundleJars(root.resolve(BUNDLES));
        Path deploy = root.resolve(DEPLOY);
        try {
            Files.createDirectories(deploy);
        } catch (IOException e) {
            throw new LaunchException("Cannot create the deploy folder " + deploy + ": " + e.getMessage(), e);
        }

        Map<String, String> config = configuration(root, deploy);
        config.putAll(properties);
        Framework framework = frameworkFactory().newFramework(config);
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>(jars.size());
            for (Path jar : jars) {
                installed.add(install(context, jar));
            }
            // Start the framework first: a bundle started while the framework is still STARTING is
            // only marked for start, and a resolution failure would then never reach us.
            framework.start();
            List<Failure> failures = new ArrayList<>();
            for (Bundle bundle : installed) {
                if (isFragment(bundle)) {
                    continue; // fragments attach to their host when it resolves; they cannot start
                }
                try {
                    bundle.start();
                } catch (BundleException | RuntimeException e) {
                    failures.add(new Failure(bundle, messages(e)));
                }
            }
            if (!failures.isEmpty()) {
                throw new LaunchException(report(failures, root.resolve(BUNDLES)));
            }
            return framework;
        } catch (LaunchException e) {
            stop(framework);
            throw e;
        } catch (BundleException | RuntimeException e) {
            stop(framework);
            throw new LaunchException("The OSGi framework did not start: " + messages(e), e);
        }
    }

    /**
     * Installs and starts the bundles of {@code home/}{@value #CONSOLE}: the Gogo console, which then
     * reads this process's standard input. Its {@code exit} (or Ctrl-D) stops the framework.
     *
     * @param framework a started framework of {@link #start}
     * @param home the distribution folder
     * @return the number of console bundles started
     * @throws LaunchException if the folder is missing, or a bundle could not be installed or started
     */
    public static int startConsole(Framework framework, Path home) throws LaunchException {
        Path folder = home.toAbsolutePath().normalize().resolve(CONSOLE);
        if (!Files.isDirectory(folder)) {
            throw new LaunchException("No " + CONSOLE + " folder at " + folder + ": this distribution has no shell"
                    + " console; pass --no-console, or use a distribution built with it");
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundleJars(folder)) {
            installed.add(install(framework.getBundleContext(), jar));
        }
        // jline finds its terminal providers (ffm, jni, exec) as resources of the context class loader,
        // and gogo.jline builds the terminal while it starts: without jline's own loader there, it finds
        // none and falls back to a dumb terminal (no line editing, a warning on standard error).
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            for (Bundle bundle : installed) {
                try {
                    bundle.start();
                    if ("org.jline".equals(bundle.getSymbolicName())) {
                        BundleWiring wiring = bundle.adapt(BundleWiring.class);
                        if (wiring != null) {
                            thread.setContextClassLoader(wiring.getClassLoader());
                        }
                    }
                } catch (BundleException | RuntimeException e) {
                    throw new LaunchException("The shell console did not start: " + bundle.getSymbolicName() + ": "
                            + messages(e) + "; pass --no-console to serve without it", e);
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return installed.size();
    }

    /**
     * Stops the framework and waits, at most {@link #STOP_TIMEOUT}, until it has stopped.
     *
     * @param framework the framework; stopping one that is not running does nothing
     * @return {@code true} if it stopped within the timeout
     */
    public static boolean stop(Framework framework) {
        try {
            framework.stop();
            return framework.waitForStop(STOP_TIMEOUT.toMillis()).getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until FileInstall has installed every jar of {@code home/deploy} and each of those
     * bundles has left the STARTING state (started, or failed to), so that a command sees the tasks of
     * bundles deployed before it started. In a framework that outlives changes to deploy/ (serve's, for
     * attached runs) it also waits for jars replaced since their bundle was updated, and for bundles
     * whose jar was removed to be uninstalled: a run uses what deploy/ holds when it starts. Waits on
     * bundle events, not by polling.
     *
     * @param framework the running framework
     * @param home the distribution folder
     * @param timeout the longest to wait
     * @return the names of the jars still not installed, updated, started or (marked "(removed)")
     *     uninstalled when the time ran out; empty when all are
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> awaitDeployed(Framework framework, Path home, Duration timeout)
            throws InterruptedException {
        Path deploy = home.toAbsolutePath().normalize().resolve(DEPLOY);
        BundleContext context = framework.getBundleContext();
        Object monitor = new Object();
        org.osgi.framework.BundleListener wake = event -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        };
        context.addBundleListener(wake);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (monitor) {
                while (true) {
                    List<String> missing = notYetDeployed(context, deploy);
                    long left = deadline - System.nanoTime();
                    if (missing.isEmpty() || left <= 0) {
                        return missing;
                    }
                    // Bounded: the loop re-checks on every bundle event and at the deadline.
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
            }
        } finally {
            context.removeBundleListener(wake);
        }
    }

    private static List<String> notYetDeployed(BundleContext context, Path deploy) {
        List<String> missing = new ArrayList<>();
        List<String> present = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(deploy)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                // FileInstall installs a jar with its file URI as location.
                String location = jar.toFile().toURI().normalize().toString();
                present.add(location);
                Bundle bundle = context.getBundle(location);
                // INSTALLED: not started yet, or unresolvable (then the wait ends at the deadline).
                if (bundle == null || !isFragment(bundle)
                        && (bundle.getState() & (Bundle.INSTALLED | Bundle.STARTING)) != 0
                        || replacedSince(bundle, jar, now)) {
                    missing.add(jar.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return List.of(); // no deploy folder to wait for
        }
        // Jars removed from deploy/ whose bundles FileInstall has not uninstalled yet (a serve's framework).
        String folder = deploy.toFile().toURI().normalize().toString();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith(folder) && location.endsWith(".jar") && !present.contains(location)
                    && bundle.getState() != Bundle.UNINSTALLED) {
                missing.add(location.substring(folder.length()) + " (removed)");
            }
        }
        return missing;
    }

    /**
     * Whether a jar was replaced after its bundle was installed or last updated, so that FileInstall
     * has yet to update it (in a serve, which keeps its framework while deploy/ changes). Only for a
     * modification time in the past: a jar stamped in the future cannot be compared with the clock.
     */
    private static boolean replacedSince(Bundle bundle, Path jar, long now) {
        try {
            long modified = Files.getLastModifiedTime(jar).toMillis();
            return modified <= now && modified > bundle.getLastModified();
        } catch (IOException gone) {
            return false; // removed meanwhile: the next look sees it
        }
    }

    /**
     * A framework cache of its own for one command of this process, {@code felix-cache/<command>-<pid>}:
     * commands running at once from one distribution (a {@code serve} and a {@code run}, two
     * {@code run}s) never share a cache, so none empties another's as it starts. Caches left by
     * processes that are gone (killed before they could remove theirs) are removed first.
     *
     * @param home the distribution folder
     * @param command the command's name, for people who look into the folder
     * @return the cache folder; the caller removes it when its framework has stopped
     */
    public static Path commandCache(Path home, String command) {
        Path caches = home.toAbsolutePath().normalize().resolve(CACHE);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> folders = Files.list(caches)) {
            for (Path folder : folders.toList()) {
                java.util.regex.Matcher name = COMMAND_CACHE.matcher(folder.getFileName().toString());
                if (name.matches() && Long.parseLong(name.group(1)) != self
                        && !ProcessHandle.of(Long.parseLong(name.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                    deleteTree(folder);
                }
            }
        } catch (IOException | RuntimeException nothingToSweep) {
            // no caches yet, or not listable: nothing to clean up
        }
        return caches.resolve(command + "-" + self);
    }

    /** The name of a {@link #commandCache}: the command, then the process id. */
    private static final java.util.regex.Pattern COMMAND_CACHE = java.util.regex.Pattern.compile("[a-z]+-(\\d{1,18})");

    /**
     * Deletes a folder tree, as far as it can: what is left is emptied on the next start anyway.
     *
     * @param folder the folder; missing is fine
     */
    public static void deleteTree(Path folder) {
        try (Stream<Path> tree = Files.walk(folder)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left behind
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // left behind
        }
    }

    /**
     * Whether a bundle is a fragment, which is resolved but never started.
     *
     * @param bundle an installed bundle
     * @return {@code true} for a fragment
     */
    public static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static List<Path> bundleJars(Path bundles) throws LaunchException {
        if (!Files.isDirectory(bundles)) {
            throw new LaunchException("No " + BUNDLES + " folder at " + bundles
                    + ": run launcher.jar from its distribution folder, or pass that folder with --home");
        }
        try (Stream<Path> files = Files.list(bundles)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LaunchException("Cannot list " + bundles + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> configuration(Path home, Path deploy) {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, home.resolve(CACHE).toString());
        // The dashboard bundle serves its page with the JDK's HTTP server.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "com.sun.net.httpserver");
        // Hazelcast sets TCP keep-alive options through jdk.net.ExtendedSocketOptions, a package it does
        // not import (it would warn, three times per member, that the JDK lacks it).
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "jdk.net");
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // FileInstall reads these from the framework properties.
        config.put("felix.fileinstall.dir", deploy.toString());
        config.put("felix.fileinstall.poll", "500");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.log.level", "3"); // info: says what it installs, updates, removes
        // java.util.logging writes to standard error: standard output stays free for results.
        config.put("felix.fileinstall.log.default", "jul");
        return config;
    }

    private static FrameworkFactory frameworkFactory() throws LaunchException {
        // On the module path the launcher is a named module, which may only load services it declares
        // to use; bnd's generated module-info has no `uses`, so declare it here (no-op on the class path).
        Launcher.class.getModule().addUses(FrameworkFactory.class);
        return ServiceLoader.load(FrameworkFactory.class, Launcher.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LaunchException("No OSGi framework found: lib/org.apache.felix.framework.jar"
                        + " must sit next to launcher.jar"));
    }

    private static Bundle install(BundleContext context, Path jar) throws LaunchException {
        try {
            // "reference:": the framework reads the jar in place instead of copying it into its cache
            // on every start (Hazelcast alone is 21 MB).
            return context.installBundle("reference:" + jar.toUri());
        } catch (BundleException | RuntimeException e) {
            throw new LaunchException("Cannot install " + jar + ": " + messages(e), e);
        }
    }

    /** A bundle that did not start, and why (Felix's message names the missing requirement). */
    private record Failure(Bundle bundle, String message) {

        /**
         * Whether the bundle failed only because another bundle did not resolve: Felix then explains
         * that with "[caused by: Unable to resolve ...". Such failures follow from the root ones.
         */
        boolean consequential() {
            return message.contains("[caused by: ");
        }

        String file() {
            String location = bundle.getLocation();
            return location.substring(location.lastIndexOf('/') + 1);
        }

        String name() {
            return bundle.getSymbolicName() + " (" + file() + ")";
        }

        String describe() {
            // Felix repeats the missing requirement after "Unresolved requirements:"; once is enough.
            int repeat = message.indexOf(" Unresolved requirements: ");
            return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + file() + ") did not start: "
                    + (repeat > 0 ? message.substring(0, repeat) : message);
        }
    }

    /** One message for the user: the root failures in full, the bundles that failed with them by name. */
    private static String report(List<Failure> failures, Path bundles) {
        List<Failure> roots = failures.stream().filter(f -> !f.consequential()).toList();
        List<Failure> followers = failures.stream().filter(Failure::consequential).toList();
        if (roots.isEmpty()) { // cannot tell which failure came first: show them all
            roots = failures;
            followers = List.of();
        }
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        for (Failure root : roots) {
            text.append(root.describe()).append(nl);
        }
        if (!followers.isEmpty()) {
            text.append("Not started because of ").append(roots.size() == 1 ? "it" : "them").append(": ")
                    .append(String.join(", ", followers.stream().map(Failure::name).toList())).append(nl);
        }
        return text.append("Add the bundles that provide what is missing to ").append(bundles)
                .append(", or remove the bundle that needs it.").toString();
    }

    /** The message of an exception and its causes: an activator's failure is only in the cause. */
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }
}
