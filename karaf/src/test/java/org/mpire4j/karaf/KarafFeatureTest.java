package org.mpire4j.karaf;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The features repository installs mpire4j into a real Apache Karaf 4.4 on Java 25, and {@code mpire:run}
 * runs a task bundle dropped into {@code deploy/} on the thread and spawn start methods, then the new code
 * of that bundle once it is replaced.
 *
 * <p>How Karaf runs here (see {@link KarafHome}): its start script without the Security Manager flag that
 * Java 24+ refuses; Maven URLs resolve offline from Karaf's {@code system/} and a repository under
 * {@code target/} that the build fills with this build's bundles. The test talks to Karaf through its
 * standard input and output ({@link KarafProcess}) in a Gogo session of Karaf's command processor: Karaf's
 * own console fails on Java 24+, and with it {@code feature:repo-add} and {@code feature:install}, so the
 * test calls the {@code FeaturesService} methods those commands call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KarafFeatureTest {

    private static final String TASK = "karaf-echo";
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(30);

    private KarafHome home;
    private KarafProcess karaf;
    private Path input;

    @BeforeAll
    void bootKarafWithTheFeature() throws Exception {
        home = KarafHome.prepare();
        input = Files.writeString(home.root().resolve("lines.txt"), "alpha\nbeta\n");
        karaf = KarafProcess.start(home, BOOT);
    }

    @AfterAll
    void stopKaraf() {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    @Order(1)
    void theFeatureInstallsTheCommandsTheStartMethodsAndTheTasks() throws Exception {
        // What feature:repo-add and feature:install call, on Karaf's FeaturesService through Gogo.
        karaf.run("await (objectClass=org.apache.karaf.features.FeaturesService) 60", BOOT);
        karaf.run("context = ${.context}", COMMAND);
        karaf.run("features = $context getService ($context getServiceReference"
                + " org.apache.karaf.features.FeaturesService)", COMMAND);
        karaf.run("$features addRepository " + KarafHome.featuresUrl(), COMMAND);
        karaf.run("$features installFeature mpire4j", BOOT);
        karaf.run("await (osgi.command.scope=mpire) 30", COMMAND);
        karaf.run("await (mpire.task=upper) 30", COMMAND);

        List<String> list = karaf.run("mpire:list", COMMAND);

        assertThat(list, hasItem(containsString("upper")));
        assertThat(list, hasItem(containsString("spawn")));
        assertThat(karaf.run("mpire:run upper --input " + input, COMMAND), contains("ALPHA", "BETA"));
    }

    @Test
    @Order(2)
    void aTaskBundleDroppedIntoDeployRunsOnThreadAndSpawn() throws Exception {
        home.deploy(TaskBundles.echo(home.scratch(), "1", TASK));
        karaf.run("await (&(mpire.task=" + TASK + ")(hot.version=1)) 30", COMMAND);

        assertThat(karaf.run("mpire:run " + TASK + " -s thread --input " + input, COMMAND),
                contains("v1:alpha", "v1:beta"));
        assertThat(karaf.run("mpire:run " + TASK + " -s spawn -j 2 --input " + input, COMMAND),
                contains("v1:alpha", "v1:beta"));
    }

    @Test
    @Order(3)
    void aReplacedTaskBundleRunsItsNewCodeOnThreadAndSpawn() throws Exception {
        home.deploy(TaskBundles.echo(home.scratch(), "2", TASK));
        karaf.run("await (&(mpire.task=" + TASK + ")(hot.version=2)) 30", COMMAND);

        assertThat(karaf.run("mpire:run " + TASK + " -s thread --input " + input, COMMAND),
                contains("v2:alpha", "v2:beta"));
        // Workers are new JVMs: they load the task's classes from the new revision's jar.
        assertThat(karaf.run("mpire:run " + TASK + " -s spawn -j 2 --input " + input, COMMAND),
                contains("v2:alpha", "v2:beta"));
    }
}
