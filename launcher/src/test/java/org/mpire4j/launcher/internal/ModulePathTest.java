package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module-path application with only the mpire4j jars beside it (no OSGi jar at all) boots and runs
 * a map on thread and on spawn: every module that works outside a framework needs OSGi only
 * optionally ({@code requires static osgi.core}).
 */
@Timeout(120)
class ModulePathTest {

    /** The modules a plain application needs for thread and spawn: api, engine, and the two start methods. */
    private static final List<String> JARS = List.of("api", "core", "thread", "process", "spawn");

    @TempDir
    Path folder;

    @Test
    void aModulePathApplicationMapsOnThreadAndSpawnWithOnlyTheMpire4jJars() throws Exception {
        Path bundles = TestJars.dist().resolve(Launcher.BUNDLES);
        String modulePath = JARS.stream().map(name -> bundles.resolve(name + ".jar").toString())
                .collect(Collectors.joining(File.pathSeparator));
        Path sources = folder.resolve("src");
        Path moduleInfo = write(sources.resolve("module-info.java"), """
                open module app {
                    requires org.mpire4j.api;
                }
                """);
        Path main = write(sources.resolve("app/Main.java"), """
                package app;

                import java.util.List;
                import org.mpire4j.api.WorkerPool;

                public final class Main {
                    public static void main(String[] args) throws Exception {
                        for (String method : args) {
                            try (WorkerPool<Void> pool = WorkerPool.builder().jobs(2).startMethod(method).build()) {
                                System.out.println(method + " " + pool.map((ctx, x) -> x * x, List.of(1, 2, 3, 4)));
                            }
                        }
                    }
                }
                """);
        Path classes = folder.resolve("app");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "--module-path", modulePath,
                moduleInfo.toString(), main.toString());
        assertThat("the application compiles against the mpire4j modules alone", compiled, is(0));

        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath + File.pathSeparator + classes, "-m", "app/app.Main", "thread", "spawn")
                .start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(app.getErrorStream()));
        String out = read(app.getInputStream());
        assertThat("the application ends", app.waitFor(90, TimeUnit.SECONDS), is(true));
        String problems = err.get(10, TimeUnit.SECONDS);
        assertThat(problems, app.exitValue(), is(0));
        assertThat(problems, out, is("thread [1, 4, 9, 16]" + System.lineSeparator() + "spawn [1, 4, 9, 16]"
                + System.lineSeparator()));
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
