package org.mpire4j.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Length-prefixed frames: a 4-byte big-endian length, then that many bytes. One frame is one
 * encoded message, so a whole chunk of arguments travels as one write.
 */
public final class Frames {

    /** Frames larger than this are refused as corrupt rather than allocated. */
    public static final int MAX_FRAME = Integer.MAX_VALUE - 16;

    /**
     * The empty frame: never an encoded message, so it serves as a marker. A worker process sends it when
     * a life has ended and it is idle.
     */
    public static final byte[] EMPTY = new byte[0];

    /**
     * What a worker process writes first on its channel, once it has moved the channel off stdout: the
     * parent skips whatever comes before it (what the JVM or an agent printed to stdout before the
     * worker's main method ran, such as JFR's "Started recording"), so it can never be read as a frame.
     */
    private static final byte[] GREETING = "\0mpire4j-worker\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Frames() {
    }

    /**
     * Writes one frame and flushes.
     *
     * @param out the stream
     * @param frame the bytes
     * @throws IOException if writing fails
     */
    public static void write(DataOutputStream out, byte[] frame) throws IOException {
        write(out, frame, frame.length);
    }

    /** Writes the first {@code length} bytes of {@code frame} as one frame, and flushes. */
    static void write(DataOutputStream out, byte[] frame, int length) throws IOException {
        out.writeInt(length);
        out.write(frame, 0, length);
        out.flush();
    }

    /**
     * Writes the greeting that starts a worker's channel, and flushes.
     *
     * @param out the channel
     * @throws IOException if writing fails
     */
    public static void greet(DataOutputStream out) throws IOException {
        out.write(GREETING);
        out.flush();
    }

    /**
     * Reads up to and including the greeting, copying whatever comes before it to {@code before}.
     *
     * @param in the channel
     * @param before where stray output goes (the parent's stderr)
     * @return false if the channel ended before the greeting
     * @throws IOException if reading fails
     */
    public static boolean awaitGreeting(java.io.InputStream in, java.io.OutputStream before) throws IOException {
        int matched = 0;
        while (matched < GREETING.length) {
            int b = in.read();
            if (b < 0) {
                before.flush();
                return false;
            }
            if (b == (GREETING[matched] & 0xff)) {
                matched++;
            } else {
                before.write(GREETING, 0, matched);
                matched = b == (GREETING[0] & 0xff) ? 1 : 0;
                if (matched == 0) {
                    before.write(b);
                }
            }
        }
        before.flush();
        return true;
    }

    /**
     * Reads one frame.
     *
     * @param in the stream
     * @return the bytes, or {@code null} at the end of the stream
     * @throws IOException if reading fails or the length is corrupt
     */
    public static byte[] read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("Corrupt frame length " + length + ": the worker's channel carries something else");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }
}
