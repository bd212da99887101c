package org.mpire4j.core.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpire4j.api.PoolBuilder;
import org.mpire4j.api.WorkerPool;

/** Start-method options are checked by {@code build()}, on every start method, before any worker starts. */
@Timeout(60)
class StartMethodOptionsTest {

    static Stream<String> startMethods() {
        return StartMethods.all();
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void anUnknownOptionFailsBuildNamingTheOptionAndTheKnownOnes(String method) {
        PoolBuilder<Void> builder = StartMethods.pool(method, 2).startMethodOption("colour", "blue");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertThat(e.getMessage(), allOf(containsString("Unknown option 'colour'"),
                containsString("start method '" + method + "'"), containsString("known options are")));
        // Thrown by build() itself, so the stack trace leads to the line that made the pool.
        assertThat(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(PoolBuilder.class.getName())
                && f.getMethodName().equals("build")), is(true));
    }

    @ParameterizedTest
    @MethodSource("startMethods")
    void knownOptionsStillBuildAndMap(String method) {
        String option = StartMethods.isProcess(method) ? "jvmArgs" : "virtualThreads";
        String value = StartMethods.isProcess(method) ? "-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED" : "true";
        try (WorkerPool<Void> pool = StartMethods.pool(method, 1).startMethodOption(option, value).build()) {
            assertThat(pool.map((ctx, x) -> x + 1, List.of(1, 2, 3)), is(List.of(2, 3, 4)));
        }
    }

    @Test
    void aBadValueFailsBuildToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPool.builder().startMethod("thread").startMethodOption("virtualThreads", "maybe").build());
        assertThat(e.getMessage(), allOf(containsString("virtualThreads"), containsString("'maybe'")));
    }
}
