package org.mpire4j.process;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpire4j.api.spi.BinaryMessage;

/** The process channel's codec: a message that writes itself arrives as exactly its bytes; anything else is serialized. */
class JdkSerializationCodecTest {

    private final JdkSerializationCodec codec = new JdkSerializationCodec(getClass().getClassLoader());

    /** Writes its text, or (without one) nothing, and then travels by Java serialization. */
    record Text(String text) implements BinaryMessage, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public boolean writeTo(OutputStream out) throws IOException {
            if (text == null) {
                return false;
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            return true;
        }
    }

    @Test
    void aBinaryMessageArrivesAsExactlyTheBytesItWrote() throws IOException {
        Object back = codec.decode(codec.encode(new Text("chunk ✓")));
        assertThat(back, instanceOf(ByteBuffer.class));
        ByteBuffer bytes = (ByteBuffer) back;
        assertThat(bytes.hasArray(), is(true));
        byte[] content = new byte[bytes.remaining()];
        bytes.duplicate().get(content);
        assertThat(new String(content, StandardCharsets.UTF_8), is("chunk ✓"));
    }

    @Test
    void aBinaryMessageWithoutAByteFormIsSerialized() throws IOException {
        assertThat(codec.decode(codec.encode(new Text(null))), is(new Text(null)));
    }

    @Test
    void otherMessagesAreSerializedAsBefore() throws IOException {
        assertThat(codec.decode(codec.encode(List.of("a", 1))), is(List.of("a", 1)));
        // A plain array that starts with the binary marker is still a serialized object: a stream starts with 0xAC.
        assertThat(codec.decode(codec.encode(new byte[] {1, 2})), is(new byte[] {1, 2}));
    }
}
