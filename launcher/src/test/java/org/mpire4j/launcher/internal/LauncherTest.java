package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the real distribution (target/dist/bundles, copied to a temporary home) with {@link Launcher}.
 * The test runs outside the framework, so bundle classes such as the api's types are not visible
 * here: services are inspected by object class name and properties only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherTest {

    private static final long SERVICE_WAIT_MS = 10_000;

    @TempDir
    static Path home;

    private static Framework framework;

    @BeforeAll
    static void startDistribution() throws Exception {
        framework = Launcher.start(TestJars.copyDistribution(home));
    }

    @AfterAll
    static void stopDistribution() {
        if (framework != null) {
            assertThat("framework stopped in time", Launcher.stop(framework), is(true));
        }
    }

    @Test
    void installsAndStartsEveryJarOfTheBundlesFolder() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(home.resolve(Launcher.BUNDLES))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<Bundle> bundles = Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> b.getBundleId() != 0)
                .toList();
        assertThat("one bundle per jar", bundles.stream()
                .map(b -> b.getLocation().substring(b.getLocation().lastIndexOf('/') + 1))
                .sorted().toList(), is(jars));
        for (Bundle bundle : bundles) {
            int expected = Launcher.isFragment(bundle) ? Bundle.RESOLVED : Bundle.ACTIVE;
            assertThat(bundle.getSymbolicName() + " state", state(bundle.getState()), is(state(expected)));
        }
        Set<String> names = bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.toSet());
        assertThat(names, hasItems("org.mpire4j.api", "org.mpire4j.core", "org.mpire4j.thread",
                "org.mpire4j.examples", "org.apache.felix.scr", "org.apache.felix.fileinstall",
                "com.hazelcast", "org.mpire4j.hazelcast"));
    }

    @Test
    void registersTheThreadStartMethod() throws Exception {
        ServiceReference<?> ref = awaitService(
                "(&(objectClass=org.mpire4j.api.StartMethod)(mpire.start.method=thread))");
        assertThat(ref.getBundle().getSymbolicName(), is("org.mpire4j.thread"));
    }

    @Test
    void registersTheWorkerPoolFactory() throws Exception {
        ServiceReference<?> ref = awaitService("(objectClass=org.mpire4j.api.WorkerPoolFactory)");
        assertThat(ref.getBundle().getSymbolicName(), is("org.mpire4j.core"));
    }

    @Test
    void registersTheDemoCommand() throws Exception {
        ServiceReference<?> ref = awaitService(Main.DEMO_FILTER);
        assertThat(ref.getBundle().getSymbolicName(), is("org.mpire4j.examples"));
    }

    @Test
    void registersTheShellCommandsButStartsNoConsole() throws Exception {
        ServiceReference<?> commands = awaitService("(&(osgi.command.scope=mpire)(osgi.command.function=run)"
                + "(osgi.command.function=list)(osgi.command.function=maps)(osgi.command.function=cancel))");
        assertThat(commands.getBundle().getSymbolicName(), is("org.mpire4j.shell"));
        ServiceReference<?> processor = awaitService("(objectClass=org.apache.felix.service.command.CommandProcessor)");
        assertThat(processor.getBundle().getSymbolicName(), is("org.apache.felix.gogo.runtime"));
        // The console is shipped beside bundles/, for serve on a terminal only: Launcher.start leaves it out.
        try (Stream<Path> files = Files.list(TestJars.dist().resolve(Launcher.CONSOLE))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList(),
                    hasItems("jline.jar", "org.apache.felix.gogo.jline.jar"));
        }
        assertThat(Arrays.stream(framework.getBundleContext().getBundles()).map(Bundle::getSymbolicName).toList(),
                not(hasItems("org.jline")));
    }

    @Test
    void registersTheHazelcastStartMethodAndTheMemberCommand() throws Exception {
        ServiceReference<?> method = awaitService(
                "(&(objectClass=org.mpire4j.api.StartMethod)(mpire.start.method=hazelcast))");
        assertThat(method.getBundle().getSymbolicName(), is("org.mpire4j.hazelcast"));
        ServiceReference<?> member = awaitService(Main.MEMBER_FILTER);
        assertThat(member.getBundle().getSymbolicName(), is("org.mpire4j.hazelcast"));
    }

    @Test
    void deploysAndUndeploysBundlesDroppedIntoTheDeployFolder(@TempDir Path scratch) throws Exception {
        BundleContext context = framework.getBundleContext();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch uninstalled = new CountDownLatch(1);
        BundleListener listener = event -> {
            if ("test.hot".equals(event.getBundle().getSymbolicName())) {
                if (event.getType() == BundleEvent.STARTED) {
                    started.countDown();
                } else if (event.getType() == BundleEvent.UNINSTALLED) {
                    uninstalled.countDown();
                }
            }
        };
        context.addBundleListener(listener);
        try {
            Path jar = TestJars.bundle(home.resolve(Launcher.DEPLOY).resolve("hot.jar"), "test.hot");
            assertThat("FileInstall started the deployed bundle", started.await(15, TimeUnit.SECONDS), is(true));
            Files.delete(jar);
            assertThat("FileInstall uninstalled the removed bundle", uninstalled.await(15, TimeUnit.SECONDS),
                    is(true));
        } finally {
            context.removeBundleListener(listener);
        }
    }

    private static ServiceReference<?> awaitService(String filter) throws InvalidSyntaxException, InterruptedException {
        BundleContext context = framework.getBundleContext();
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open(true); // all services: their classes are not visible from here
        try {
            tracker.waitForService(SERVICE_WAIT_MS);
            ServiceReference<Object> ref = tracker.getServiceReference();
            assertThat("a service matching " + filter, ref, notNullValue());
            return ref;
        } finally {
            tracker.close();
        }
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "state " + state;
        };
    }

    /** Tests that need a framework of their own, built from tiny bundles. */
    @Nested
    class OwnFramework {

        @Test
        void failsNamingTheBundleAndTheMissingPackage(@TempDir Path own) throws IOException {
            TestJars.bundle(own.resolve("bundles/broken.jar"), "test.broken",
                    "Import-Package", "com.example.nobody.exports.this");
            LaunchException e = assertThrows(LaunchException.class, () -> Launcher.start(own));
            assertThat(e.getMessage(), allOf(containsString("test.broken"), containsString("broken.jar"),
                    containsString("com.example.nobody.exports.this")));
        }

        @Test
        void namesTheRootFailureFirstAndItsDependentsByName(@TempDir Path own) throws IOException {
            TestJars.bundle(own.resolve("bundles/a-needs-missing.jar"), "test.a",
                    "Import-Package", "com.example.missing", "Export-Package", "test.a");
            TestJars.bundle(own.resolve("bundles/b-needs-a.jar"), "test.b", "Import-Package", "test.a");
            String message = assertThrows(LaunchException.class, () -> Launcher.start(own)).getMessage();
            assertThat(message, allOf(startsWith("test.a 1.0.0 (a-needs-missing.jar) did not start: "),
                    containsString("com.example.missing"),
                    containsString("Not started because of it: test.b (b-needs-a.jar)")));
        }

        @Test
        void resolvesFragmentsWithoutStartingThem(@TempDir Path own) throws Exception {
            TestJars.bundle(own.resolve("bundles/a-host.jar"), "test.host");
            TestJars.bundle(own.resolve("bundles/b-fragment.jar"), "test.fragment", "Fragment-Host", "test.host");
            Framework fw = Launcher.start(own);
            try {
                for (Bundle bundle : fw.getBundleContext().getBundles()) {
                    switch (bundle.getSymbolicName()) {
                        case "test.host" -> assertThat(state(bundle.getState()), is("ACTIVE"));
                        case "test.fragment" -> assertThat(state(bundle.getState()), is("RESOLVED"));
                        default -> { }
                    }
                }
                assertThat(fw.getBundleContext().getBundles().length, is(3));
            } finally {
                assertThat(Launcher.stop(fw), is(true));
            }
        }

        @Test
        void failsClearlyWithoutABundlesFolder(@TempDir Path own) {
            LaunchException e = assertThrows(LaunchException.class, () -> Launcher.start(own));
            assertThat(e.getMessage(), containsString("--home"));
        }
    }
}
