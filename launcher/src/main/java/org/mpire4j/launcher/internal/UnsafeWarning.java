package org.mpire4j.launcher.internal;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;

/**
 * Keeps JDK 25's one-time {@code sun.misc.Unsafe} warning off a plain {@code java -jar launcher.jar}.
 *
 * <p>Why: Apache Felix 7.0.5 (the newest) calls {@code sun.misc.Unsafe::staticFieldOffset} in the
 * static initialiser of its {@code SecureAction}, unconditionally, so every command that starts the
 * framework printed four lines of warning before its own output. Measured on Temurin 25: no manifest
 * attribute sets {@code --sun-misc-unsafe-memory-access} (there is one for native access, not for
 * this), Felix's {@code felix.service.urlhandlers=false} does not avoid the call, and the JDK writes
 * the warning to the standard error it had at start-up ({@code VM.initialErr()}), past
 * {@code System.setErr}. What works: the JDK warns once per JVM and remembers that it has in a static
 * field of {@code sun.misc.Unsafe}, a package its module opens to everyone; marking it as warned
 * before Felix loads keeps the warning off.
 *
 * <p>Only when the user did not choose a mode: with {@code --sun-misc-unsafe-memory-access} on the
 * command line or in {@code JDK_JAVA_OPTIONS}, the JDK does what it says.
 */
final class UnsafeWarning {

    static final String OPTION = "--sun-misc-unsafe-memory-access";

    private UnsafeWarning() {
    }

    /**
     * Marks the warning as given, unless the command line or {@code JDK_JAVA_OPTIONS} chose a mode.
     *
     * @return whether the warning is now off
     */
    static boolean silenceUnlessChosen() {
        List<String> arguments = List.of(ProcessHandle.current().info().arguments().orElse(new String[0]));
        String environment = Optional.ofNullable(System.getenv("JDK_JAVA_OPTIONS")).orElse("");
        if (arguments.stream().anyMatch(a -> a.startsWith(OPTION)) || environment.contains(OPTION)) {
            return false;
        }
        try {
            Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
            return true;
        } catch (ReflectiveOperationException | RuntimeException otherJdk) {
            // Another JDK (no such field, or not open): it may warn, which is all that is lost.
            return false;
        }
    }
}
