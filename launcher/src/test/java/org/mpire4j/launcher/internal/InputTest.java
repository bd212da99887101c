package org.mpire4j.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --input}: the counted total is the number of lines the map then reads. */
class InputTest {

    @TempDir
    Path folder;

    @Test
    void theCountIsWhatReadLineReads() throws IOException {
        for (String text : List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n", "x\r\n\r\ny", "é\nü\n")) {
            Path file = Files.writeString(folder.resolve("input.txt"), text, StandardCharsets.UTF_8);
            long read;
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                read = reader.lines().count();
            }
            assertThat(text.replace("\r", "\\r").replace("\n", "\\n"), Input.countLines(file), is(read));
        }
    }

    @Test
    void aFolderIsRejectedWithItsNameAndWhatToPass() throws IOException {
        try {
            Input.open(folder.toString(), java.io.InputStream.nullInputStream());
            throw new AssertionError("a folder was accepted");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), is("cannot read --input '" + folder + "': a directory; pass a readable file"
                    + " (a named pipe or /dev/stdin too), or - for standard input"));
        }
    }
}
