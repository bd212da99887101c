package org.mpire4j.karaf.console;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Reads commands from standard input, one a line, runs each in one Gogo session and ends its output with
 * a line {@value #DONE} or {@value #FAILED} plus the error, so that a reader knows where a command's output
 * ends without timing anything. One built-in: {@code await FILTER SECONDS} returns when a service matching
 * the LDAP filter is registered (an event, not a poll), or fails after that many seconds.
 *
 * <p>Karaf wraps every Gogo command it runs ({@code osgi.command.scope} services such as {@code mpire:run})
 * in a function that takes its Gogo session from a Karaf {@code Session} stored in the attribute
 * {@code .session}. A raw Gogo session has none, so this loop stores a minimal one there: a proxy that
 * answers {@code get}, the one method that path calls, from the Gogo session.
 */
final class ConsoleLoop {

    /** Ends the output of a command that succeeded. */
    static final String DONE = "@@done";
    /** Starts the last line of a command that failed, followed by the error. */
    static final String FAILED = "@@failed";
    /** Printed once, when the console reads its first command. */
    static final String READY = "@@ready";

    private final BundleContext context;
    private final CommandProcessor processor;
    private final PrintStream out;

    ConsoleLoop(BundleContext context, Object processor, PrintStream out) {
        this.context = context;
        this.processor = (CommandProcessor) processor;
        this.out = out;
    }

    void run() throws IOException, ClassNotFoundException {
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.put(".session", karafSession(session));
        BufferedReader in = new BufferedReader(
                new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        out.println(READY);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                if (line.startsWith("await ")) {
                    await(line.substring("await ".length()).trim());
                } else {
                    Object result = session.execute(line);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                }
                out.println(DONE);
            } catch (Exception e) {
                e.printStackTrace(out);
                out.println(FAILED + " " + e);
            }
        }
    }

    private void await(String arguments) throws InvalidSyntaxException, InterruptedException {
        int space = arguments.lastIndexOf(' ');
        Filter filter = context.createFilter(arguments.substring(0, space));
        long seconds = Long.parseLong(arguments.substring(space + 1));
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open(true);
        try {
            if (tracker.waitForService(seconds * 1000) == null) {
                throw new IllegalStateException("no service " + filter + " after " + seconds + " s");
            }
        } finally {
            tracker.close();
        }
    }

    private static Object karafSession(CommandSession session) throws ClassNotFoundException {
        Class<?> type = ConsoleLoop.class.getClassLoader().loadClass("org.apache.karaf.shell.api.console.Session");
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "get" -> ".commandSession".equals(args[0]) ? session : session.get((String) args[0]);
            case "put" -> session.put((String) args[0], args[1]);
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "test console session";
            default -> throw new UnsupportedOperationException(method.getName() + " in the test console");
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
