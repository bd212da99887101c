package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.spi.WorkerTraining;

/** The engine's worker-side training for AOT caches: found as a service, and a whole run of it succeeds. */
@Timeout(60)
class EngineTrainingTest {

    @Test
    void aTrainingJvmFindsItOnTheClassPath() {
        assertThat(ServiceLoader.load(WorkerTraining.class).stream().map(p -> p.type().getName()).toList(),
                hasItem(EngineTraining.class.getName()));
    }

    @Test
    void itRunsWorkerLivesOverEveryKindOfMessageWithoutFailing() throws Exception {
        // A message the loop rejected, or one that Java serialization could not carry, would throw here.
        new EngineTraining().train();
    }
}
