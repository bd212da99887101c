package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mpire4j.api.StartMethod;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.mpire4j.itests.revision.VersionTask;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Process workers run the bundle revision the parent resolved, whatever the bundle's location: a
 * bundle installed from a stream, and a bundle updated from a stream while its location's file
 * still holds the old code, answer the same on thread, spawn and fork.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RevisionIT {

    private static final String TASK_PACKAGE = "org/mpire4j/itests/revision/";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @TempDir
    Path folder;

    @Test
    void aBundleInstalledFromAStreamRunsOnProcessWorkers() throws Exception {
        Bundle bundle = context.installBundle("itest:revision-from-a-stream", new ByteArrayInputStream(taskBundle("v1")));
        try {
            bundle.start();
            assertEveryStartMethodAnswers(bundle, "v1");
        } finally {
            bundle.uninstall();
        }
    }

    @Test
    void processWorkersRunTheUpdatedRevisionNotTheLocationsFile() throws Exception {
        Path jar = folder.resolve("version-task.jar");
        Files.write(jar, taskBundle("v1"));
        Bundle bundle = context.installBundle(jar.toUri().toString());
        try {
            bundle.start();
            assertEveryStartMethodAnswers(bundle, "v1");
            // The file at the location keeps v1: only the revision's content says v2.
            bundle.update(new ByteArrayInputStream(taskBundle("v2")));
            assertEveryStartMethodAnswers(bundle, "v2");
        } finally {
            bundle.uninstall();
        }
    }

    @SuppressWarnings("unchecked")
    private void assertEveryStartMethodAnswers(Bundle bundle, String version) throws Exception {
        Task<Object, Integer, String> task = (Task<Object, Integer, String>) bundle
                .loadClass(VersionTask.class.getName()).getConstructor().newInstance();
        List<String> methods = List.of(StartMethod.THREAD, StartMethod.SPAWN, StartMethod.FORK);
        assertThat(factory.startMethods(), hasItems(methods.toArray(String[]::new)));
        for (String method : methods) {
            try (WorkerPool<Void> pool = factory.builder().jobs(1).startMethod(method).build()) {
                assertThat(method, pool.map(task, List.of(1, 2)), contains(version, version));
            }
        }
    }

    /** A bundle holding VersionTask (the bytes this bundle has) and a version.txt saying {@code version}. */
    private static byte[] taskBundle(String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.mpire4j.itests.revision");
        main.putValue("Bundle-Version", "1.0.0." + version);
        main.putValue("Import-Package", "org.mpire4j.api");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest);
                InputStream classFile = VersionTask.class.getResourceAsStream("VersionTask.class")) {
            jar.putNextEntry(new JarEntry(TASK_PACKAGE + "VersionTask.class"));
            classFile.transferTo(jar);
            jar.putNextEntry(new JarEntry(TASK_PACKAGE + "version.txt"));
            jar.write(version.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
