package org.mpire4j.itests.revision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;

/**
 * A task that answers the text of the {@code version.txt} beside its class. {@code RevisionIT} puts
 * this class with different texts into two revisions of one bundle: same class, same
 * serialVersionUID, different answers, so a worker that runs another revision than the parent gives
 * itself away.
 */
public final class VersionTask implements Task<Object, Integer, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String apply(WorkerContext<?> context, Integer argument) throws IOException {
        try (InputStream in = VersionTask.class.getResourceAsStream("version.txt")) {
            if (in == null) {
                return "no version.txt beside " + VersionTask.class.getName();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
