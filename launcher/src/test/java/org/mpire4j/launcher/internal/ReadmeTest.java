package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README as a clone of the repository has it: its links resolve inside the repository, its snippets clean up. */
class ReadmeTest {

    /** Surefire runs in the module's folder; the README is at the repository's top. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        String text = readme();
        assertThat("a clone has no ../shared", text, not(containsString("../shared")));
        List<String> broken = new ArrayList<>();
        Matcher link = Pattern.compile("\\]\\(([^)#:\\s]+)(#[^)]*)?\\)").matcher(text);
        while (link.find()) {
            Path target = ROOT.resolve(link.group(1)).normalize();
            if (!target.startsWith(ROOT) || !Files.exists(target)) {
                broken.add(link.group(1));
            }
        }
        assertThat(broken, is(empty()));
        assertThat(text, containsString("docs/fork-findings.md"));
    }

    @Test
    void theDashboardSnippetClosesItsPool() throws IOException {
        String text = readme();
        int snippet = text.indexOf("Dashboard dashboard = Dashboard.start(0)");
        assertThat("the README shows the embedded dashboard", snippet >= 0, is(true));
        String resources = text.substring(snippet, text.indexOf(") {", snippet));
        assertThat("the pool is a resource of the try, so it is closed", resources,
                containsString("WorkerPool.builder().observer(dashboard).build()"));
    }

    @Test
    void theReadmeGivesServeAndMemberExitStatusOnSignals() throws IOException {
        String text = readme();
        assertThat(text, containsString("Ctrl-C (SIGINT) ends them with exit status 130"));
        assertThat(text, containsString("SIGTERM\nwith 143"));
    }
}
