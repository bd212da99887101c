package org.mpire4j.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerPool;
import org.mpire4j.api.WorkerPoolFactory;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The text task bundle's services, looked up by name on the whiteboard, on threads and worker JVMs. */
@ExtendWith(ServiceExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TextTasksIT {

    @InjectService(timeout = 5000)
    WorkerPoolFactory factory;

    @SuppressWarnings("rawtypes")
    @InjectService(filter = "(" + Task.NAME_PROPERTY + "=word-count)", timeout = 5000)
    Task wordCount;

    @SuppressWarnings("rawtypes")
    @InjectService(filter = "(" + Task.NAME_PROPERTY + "=upper)", timeout = 5000)
    Task upper;

    @ParameterizedTest
    @ValueSource(strings = {"thread", "spawn"})
    @SuppressWarnings("unchecked")
    void wordCountAndUpperRunOnEveryStartMethod(String startMethod) {
        assertThat(FrameworkUtil.getBundle(wordCount.getClass()).getSymbolicName(), is("org.mpire4j.tasks.text"));
        List<String> lines = List.of("the quick brown fox", "", "  jumps\tover ", "déjà vu");
        try (WorkerPool<Void> pool = factory.builder().jobs(2).startMethod(startMethod).keepAlive(true).build()) {
            List<Integer> words = pool.map((Task<Object, String, Integer>) wordCount, lines);
            assertThat(words, contains(4, 0, 2, 2));
            List<String> shouted = pool.map((Task<Object, String, String>) upper, lines);
            assertThat(shouted, contains("THE QUICK BROWN FOX", "", "  JUMPS\tOVER ", "DÉJÀ VU"));
        }
    }
}
