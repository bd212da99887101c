package org.mpire4j.shell.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {

    @Test
    void parsesEveryOptionAndRepeatedOptions() {
        RunArguments arguments = RunArguments.parse("upper", "-s", "spawn", "-j", "3", "--input", "in.txt",
                "--option", "jvmArgs=-Xmx64m", "--option", "members=a:1,b:2");
        assertThat(arguments.task(), is("upper"));
        assertThat(arguments.startMethod(), is("spawn"));
        assertThat(arguments.jobs(), is(3));
        assertThat(arguments.input(), is("in.txt"));
        assertThat(arguments.options(), is(Map.of("jvmArgs", "-Xmx64m", "members", "a:1,b:2")));
    }

    @Test
    void defaultsAreAbsent() {
        RunArguments arguments = RunArguments.parse("word-count");
        assertThat(arguments.startMethod(), is(nullValue()));
        assertThat(arguments.jobs(), is(nullValue()));
        assertThat(arguments.input(), is(nullValue()));
        assertThat(arguments.options(), is(Map.of()));
    }

    @Test
    void errorsNameTheBadWordAndTheUsage() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("t", "-j", "zero"))
                .getMessage(), containsString("'zero'"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("t", "--option", "x"))
                .getMessage(), containsString("'x' is not KEY=VALUE"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("t", "--bogus"))
                .getMessage(), containsString("'--bogus'"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("-s", "thread"))
                .getMessage(), containsString("no task given"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("t", "-s"))
                .getMessage(), containsString("-s needs a value"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> RunArguments.parse("a", "b"))
                .getMessage(), containsString(RunArguments.USAGE));
    }
}
