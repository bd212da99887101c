package org.mpire4j.launcher.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code launcher.jar}'s entry point: a {@code run} that a serve of this distribution takes is handed
 * to it ({@link AttachClient}), anything else goes to {@link Main}. A class of its own, with JDK
 * types only: loading {@link Main} would already open Felix's jar (its code names Felix's types), and
 * an attached run's client is meant to be a JVM start and a connection.
 */
public final class Start {

    private Start() {
    }

    /**
     * Runs the command line, attached to a serve or in this JVM, and exits with its status.
     *
     * @param args the command line; {@code --help} describes it
     */
    public static void main(String[] args) {
        OptionalInt attached = AttachClient.tryRun(List.of(args), defaultHome());
        if (attached.isPresent()) {
            System.exit(attached.getAsInt());
        }
        Main.main(args);
    }

    /** The folder holding launcher.jar, else the working directory (when run from classes). */
    static Path defaultHome() {
        try {
            CodeSource source = Start.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path location = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(location)) {
                    return location.toAbsolutePath().getParent();
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
