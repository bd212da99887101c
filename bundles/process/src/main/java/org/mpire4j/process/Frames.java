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
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
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
