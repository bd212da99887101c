package org.mpire4j.launcher.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local channel between {@code run} and a running {@code serve} of the same distribution: a
 * Unix-domain socket, {@value #FOLDER}/{@value #SOCKET} in the distribution folder. The folder is
 * mode 0700 and the socket 0600, so only the user who started {@code serve} can connect; there is
 * no TCP port.
 *
 * <h2>Protocol</h2>
 * Every message is a frame: one type byte, a 4-byte big-endian length, then that many bytes.
 * <ul>
 * <li>client to serve: {@link #REQUEST} first (see {@link Request}), then the client's standard
 *     input, pulled: for each {@link #WANT_STDIN} one {@link #STDIN} frame (the bytes of one read), or
 *     an empty {@link #STDIN_END} at its end;</li>
 * <li>serve to client: {@link #OUT} and {@link #ERR} (bytes for standard output and error),
 *     {@link #WANT_STDIN} (empty) whenever the run wants more input, and last {@link #EXIT} (a 4-byte
 *     exit status), after which serve closes the connection.</li>
 * </ul>
 * A client that closes the connection before {@link #EXIT} (it ended, was killed or got Ctrl-C) has
 * gone away: serve cancels its run. Standard input is asked for only when the run reads it, so a
 * {@code run --input FILE} never reads the client's terminal.
 */
final class Attach {

    /** The folder of the socket, in the distribution folder (mode 0700). */
    static final String FOLDER = "attach";

    /** The socket's file name (mode 0600). */
    static final String SOCKET = "serve.sock";

    /** A lock file that the serve answering on the socket holds while it runs. */
    static final String LOCK = "serve.lock";

    static final byte REQUEST = 'R';
    static final byte STDIN = 'I';
    static final byte STDIN_END = 'E';
    static final byte OUT = 'O';
    static final byte ERR = 'e';
    static final byte WANT_STDIN = 'W';
    static final byte EXIT = 'X';

    /** The request layout's version, first in {@link #REQUEST}. */
    static final int VERSION = 1;

    /** The largest frame either side accepts: anything larger is not this protocol. */
    static final int MAX_FRAME = 1 << 20;

    private Attach() {
    }

    /** The socket of the serve running on {@code home}. */
    static Path socket(Path home) {
        return home.toAbsolutePath().normalize().resolve(FOLDER).resolve(SOCKET);
    }

    /**
     * What a client asks for.
     *
     * @param workingDirectory the client's working directory, for a relative {@code --input}
     * @param pid the client's process id, for {@code --input /dev/stdin} or {@code /dev/fd/N}
     * @param errTerminal whether the client's standard error is a terminal (the progress bar redraws in place)
     * @param charset the client's standard output encoding
     * @param args the command line, from {@code run} (or {@code --home DIR run}) on
     */
    record Request(Path workingDirectory, long pid, boolean errTerminal, String charset, List<String> args) {

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(VERSION);
                writeString(out, workingDirectory.toString());
                out.writeLong(pid);
                out.writeBoolean(errTerminal);
                writeString(out, charset);
                out.writeInt(args.size());
                for (String arg : args) {
                    writeString(out, arg);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e); // in memory
            }
            return bytes.toByteArray();
        }

        static Request decode(byte[] data) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("attached run request of version " + version + ", expected " + VERSION
                        + " (a launcher.jar of another build?)");
            }
            Path workingDirectory = Path.of(readString(in));
            long pid = in.readLong();
            boolean errTerminal = in.readBoolean();
            String charset = readString(in);
            int count = in.readInt();
            List<String> args = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                args.add(readString(in));
            }
            return new Request(workingDirectory, pid, errTerminal, charset, args);
        }

        private static void writeString(DataOutputStream out, String value) throws IOException {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        private static String readString(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("bad string length " + length);
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    /** One received frame. */
    record Frame(byte type, byte[] data) {
    }

    /**
     * Writes one frame; callers on several threads share {@code out}, so one frame at a time.
     *
     * @throws IOException if the other side is gone
     */
    static void write(DataOutputStream out, byte type, byte[] data, int offset, int length) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(length);
            out.write(data, offset, length);
            out.flush();
        }
    }

    static void write(DataOutputStream out, byte type, byte[] data) throws IOException {
        write(out, type, data, 0, data.length);
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} when the other side closed the connection between frames
     * @throws IOException if the connection broke mid-frame or the frame is not this protocol's
     */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("not an mpire4j attach frame (length " + length + ")");
        }
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new EOFException("connection closed mid-frame");
        }
        return new Frame((byte) type, data);
    }

    /**
     * The command's position in the command line: the index of {@code run} after any leading
     * {@code --home DIR}, or -1 when the command is not {@code run}. Client and serve use this one rule.
     */
    static int runIndex(List<String> args) {
        int i = 0;
        while (i < args.size() && (args.get(i).equals("--home") || args.get(i).startsWith("--home="))) {
            i += args.get(i).equals("--home") ? 2 : 1;
        }
        return i < args.size() && args.get(i).equals("run") ? i : -1;
    }

    /**
     * A socket channel's input stream. Not {@code Channels.newInputStream}: its stream may take the
     * channel's blocking lock, which a write on another thread needs too, and the reads here block
     * while results are written.
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
    }

    /** A socket channel's output stream (see {@link #input}). */
    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };
    }
}
