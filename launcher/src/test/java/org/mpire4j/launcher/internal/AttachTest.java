package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attach protocol's pieces ({@link Attach}) and where an attached run finds the client's input. */
class AttachTest {

    @Test
    void aRequestComesOutAsItWentIn() throws Exception {
        Attach.Request request = new Attach.Request(Path.of("/home/someone/work"), 4242, true, "UTF-8",
                List.of("run", "upper", "--input", "lines with spaces and ü.txt", ""));
        assertThat(Attach.Request.decode(request.encode()), is(request));
    }

    @Test
    void framesFollowEachOtherAndAnEndBetweenFramesIsNull() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Attach.write(out, Attach.OUT, "v1:a\n".getBytes(StandardCharsets.UTF_8));
        Attach.write(out, Attach.WANT_STDIN, new byte[0]);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Attach.Frame first = Attach.read(in);
        assertThat(first.type(), is(Attach.OUT));
        assertThat(new String(first.data(), StandardCharsets.UTF_8), is("v1:a\n"));
        assertThat(Attach.read(in).type(), is(Attach.WANT_STDIN));
        assertThat(Attach.read(in), is(nullValue()));
    }

    @Test
    void onlyARunAttachesAndHomeMayComeFirst() {
        assertThat(Attach.runIndex(List.of("run", "upper")), is(0));
        assertThat(Attach.runIndex(List.of("--home", "/d", "run", "upper")), is(2));
        assertThat(Attach.runIndex(List.of("--home=/d", "run")), is(1));
        assertThat(Attach.runIndex(List.of("serve")), is(-1));
        assertThat(Attach.runIndex(List.of()), is(-1));
        assertThat(Attach.runIndex(List.of("list", "run")), is(-1));
    }

    @Test
    void anotherProcesssInputIsInItsFolderAndItsDescriptors() {
        Path folder = Path.of("/srv/client");
        long self = ProcessHandle.current().pid();
        long client = self + 1;
        assertThat(Input.locate("lines.txt", folder, client), is(Path.of("/srv/client/lines.txt")));
        assertThat(Input.locate("/data/lines.txt", folder, client), is(Path.of("/data/lines.txt")));
        assertThat(Input.locate("/dev/stdin", folder, client), is(Path.of("/proc/" + client + "/fd/0")));
        assertThat(Input.locate("/dev/fd/63", folder, client), is(Path.of("/proc/" + client + "/fd/63")));
        assertThat(Input.locate("/proc/self/fd/5", folder, client), is(Path.of("/proc/" + client + "/fd/5")));
        assertThat("this process's own descriptors stay as they are", Input.locate("/dev/stdin", folder, self),
                is(Path.of("/dev/stdin")));
    }
}
