package org.mpire4j.karaf.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The activator of the test's console bundle: a Gogo console on the Karaf process's own standard input
 * and output, so that the test drives Karaf without SSH or any other socket.
 *
 * <p>Why not Karaf's console: on Java 24 and later every Karaf 4.4 shell session fails, local or SSH,
 * since the shell calls {@code Subject.getSubject}, which JDK 24 made throw. Karaf's command processor
 * itself (the Gogo runtime inside its shell bundle, registered as a {@code CommandProcessor} service)
 * still works, and runs the {@code mpire:*} commands. See {@link ConsoleLoop} for the protocol.
 *
 * <p>The Gogo and Karaf shell packages are imported dynamically: this bundle is dropped into
 * {@code deploy/} while Karaf boots, before its shell is installed, and must start anyway.
 */
public final class StdinConsole implements BundleActivator {

    /** How long the console waits for Karaf's command processor. */
    private static final long PROCESSOR_WAIT_MILLIS = 60_000;

    private ServiceTracker<Object, Object> processors;

    @Override
    public void start(BundleContext context) {
        processors = new ServiceTracker<>(context, "org.apache.felix.service.command.CommandProcessor", null);
        processors.open();
        // The process's real standard output: Karaf's ThreadIO replaces System.out by a multiplexer.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Thread console = new Thread(() -> {
            try {
                Object processor = processors.waitForService(PROCESSOR_WAIT_MILLIS);
                if (processor == null) {
                    out.println(ConsoleLoop.FAILED + " no command processor after " + PROCESSOR_WAIT_MILLIS + " ms");
                    return;
                }
                new ConsoleLoop(context, processor, out).run();
            } catch (Exception | LinkageError e) {
                e.printStackTrace(out);
                out.println(ConsoleLoop.FAILED + " " + e);
            }
        }, "mpire4j-test-console");
        // A daemon: a thread blocked reading standard input must not keep Karaf from stopping.
        console.setDaemon(true);
        console.start();
    }

    @Override
    public void stop(BundleContext context) {
        processors.close();
    }
}
