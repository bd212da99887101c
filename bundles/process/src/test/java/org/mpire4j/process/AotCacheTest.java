package org.mpire4j.process;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker JVMs' AOT cache: the first use of a command trains one in the background, quietly; later
 * workers of the command (spawn or fork alike) start from it, and the JVM accepts it.
 */
@Timeout(180)
class AotCacheTest {

    @TempDir
    Path dir;
    private String before;

    @BeforeEach
    void cacheInATemporaryFolder() {
        before = System.getProperty(AotCache.DIR_PROPERTY);
        System.setProperty(AotCache.DIR_PROPERTY, dir.resolve("aot").toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(AotCache.DIR_PROPERTY);
        } else {
            System.setProperty(AotCache.DIR_PROPERTY, before);
        }
    }

    /** This module's classes and the api's, as jars: an AOT cache is made of classes from jars only. */
    private List<String> jars() throws IOException {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean ours = entry.contains("process") || entry.contains("api");
            if (!ours || !Files.exists(path)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve(path.getParent().getParent().getFileName() + "-" + path.getFileName() + ".jar");
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                        Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new JarEntry(path.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
                jars.add(jar.toString());
            } else if (entry.endsWith(".jar")) {
                jars.add(entry);
            }
        }
        return jars;
    }

    private WorkerCommand command(String startMethod, String classPath) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new WorkerCommand(startMethod, List.of(java, "-XX:+UseSerialGC", "-cp", classPath,
                WorkerMain.class.getName()), classPath, true, Duration.ofSeconds(60), true);
    }

    @Test
    void theFirstUseTrainsACacheThatLaterWorkersOfTheCommandStartFrom() throws Exception {
        String classPath = String.join(File.pathSeparator, jars());
        WorkerCommand spawn = command("spawn", classPath);
        assertThat("no cache yet: the first worker starts without one", AotCache.optionsFor(spawn, spawn.key()),
                is(empty()));
        Path cache = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (cache == null && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir.resolve("aot"))) {
                cache = files.filter(f -> f.toString().endsWith(".aot")).findFirst().orElse(null);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // the training JVM is another process
        }
        assertThat("the training JVM wrote the cache", cache, not(is((Path) null)));
        assertThat(AotCache.optionsFor(spawn, spawn.key()), contains("-XX:AOTCache=" + cache));
        WorkerCommand fork = command("fork", classPath);
        assertThat("the same JVM command shares the cache", AotCache.optionsFor(fork, fork.key()),
                contains("-XX:AOTCache=" + cache));
        try (Stream<Path> files = Files.list(dir.resolve("aot"))) {
            assertThat("nothing of the training is left", files.map(f -> f.getFileName().toString()).toList(),
                    contains(cache.getFileName().toString()));
        }

        // A JVM started with the cache uses it: it says so when asked, and runs.
        List<String> argv = new ArrayList<>(List.of(spawn.jvm().getFirst(), "-XX:AOTCache=" + cache,
                "-Xlog:aot=info,cds=info", "-XX:+UseSerialGC", "-cp", classPath, WorkerMain.class.getName(),
                WorkerMain.TRAIN));
        Process jvm = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output, jvm.waitFor(), is(0));
        assertThat(output, org.hamcrest.Matchers.containsString("Using AOT-linked classes"));
    }

    @Test
    void aClassPathWithFoldersGetsNoCache() {
        WorkerCommand folders = command("spawn", System.getProperty("java.class.path"));
        assertThat(AotCache.optionsFor(folders, folders.key()), is(empty()));
        assertThat(Files.exists(dir.resolve("aot")), is(false));
    }

    @Test
    void aTurnedOffCacheIsNeverMade() throws IOException {
        String classPath = String.join(File.pathSeparator, jars());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkerCommand off = new WorkerCommand("spawn", List.of(java, "-cp", classPath, WorkerMain.class.getName()),
                classPath, true, Duration.ofSeconds(60), false);
        assertThat(AotCache.optionsFor(off, off.key()), is(empty()));
        assertThat(Files.exists(dir.resolve("aot")), is(false));
    }

    @Test
    void aSweepKeepsTheMostRecentlyUsedCachesAndNoneLongUnused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("aot"));
        java.time.Instant now = java.time.Instant.now();
        List<Path> caches = new ArrayList<>();
        for (int i = 0; i < AotCache.MAX_CACHES + 3; i++) {
            Path cache = Files.writeString(folder.resolve("cache" + i + ".aot"), "not a real cache");
            // cache0 was used last, a minute before cache1, and so on
            Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.from(now.minusSeconds(60L * i)));
            caches.add(cache);
        }
        Path stale = Files.writeString(folder.resolve("stale.aot"), "unused for long");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                now.minus(Duration.ofDays(AotCache.MAX_AGE_DAYS + 1))));
        Path unrelated = Files.writeString(folder.resolve("notes.txt"), "not a cache");

        AotCache.sweep(folder);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList(),
                    is(Stream.concat(caches.subList(0, AotCache.MAX_CACHES).stream(), Stream.of(unrelated))
                            .map(f -> f.getFileName().toString()).sorted().toList()));
        }
    }
}
