package org.mpire4j.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * The main class of a worker process. Its channel to the parent is a pair of pipes (so no other process
 * can connect to it) that its starter puts on descriptors of their own ({@link #CHANNEL}), with stdin on
 * {@code /dev/null} and stdout on stderr, which the parent inherits: task code, native code, programs it
 * starts and the JVM itself cannot touch the channel. A starter that cannot arrange that passes the pipes
 * as stdin and stdout, and the worker moves them itself ({@link Descriptors}, through the FFM API, which
 * costs a cold JVM a few hundred milliseconds).
 *
 * <p>A worker process lives one or more <em>lives</em>: each runs one worker program (a pool's worker
 * loop) to its end, after which the process says it is idle with an empty frame and waits. The parent
 * then either gives it a next life ({@link NextLife}: another pool's program, from an idle-worker cache)
 * or closes its stdin, and the process exits. Nothing of a life survives into the next but what the
 * JVM itself keeps (loaded classes and their static state): the program, its shared objects and the
 * worker state are dropped with the life.
 *
 * <p>A reader thread takes every frame off stdin at once: control messages act immediately (an
 * interrupt reaches a running task), and the end of stdin means the parent is gone or done with this
 * process: it halts at once rather than live on as an orphan.
 */
public final class WorkerMain {

    /** The exit code of a worker that received a message it could not decode. */
    public static final int UNREADABLE_MESSAGE = 70;

    /**
     * The argument, after the worker's name and id, that says on which descriptors the starter put the
     * channel: {@code --channel IN,OUT}.
     */
    public static final String CHANNEL = "--channel";

    /** The argument that makes this main class train an AOT cache instead of running a worker. */
    static final String TRAIN = "--train";

    private WorkerMain() {
    }

    /**
     * Runs worker lives until the parent closes the channel.
     *
     * @param args a name for {@code ps}, the worker id, and optionally {@code --channel IN,OUT}: the
     *     descriptors the starter put the channel on
     * @throws Exception if a worker program fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(TRAIN)) {
            train();
            System.exit(0);
        }
        int workerId = Integer.parseInt(args[1]);
        InputStream channelIn;
        OutputStream channelOut;
        if (args.length > 3 && args[2].equals(CHANNEL)) {
            // The starter put the channel on these descriptors, stdin on /dev/null and stdout on stderr before
            // the JVM started: nothing, not even the JVM's own start-up output, can reach the channel.
            String[] fds = args[3].split(",");
            channelIn = new FileInputStream(descriptor(Integer.parseInt(fds[0])));
            channelOut = new FileOutputStream(descriptor(Integer.parseInt(fds[1])));
        } else {
            int[] moved = moveChannel();
            channelIn = moved == null ? new FileInputStream(FileDescriptor.in)
                    : new FileInputStream(descriptor(moved[0]));
            channelOut = moved == null ? new FileOutputStream(FileDescriptor.out)
                    : new FileOutputStream(descriptor(moved[1]));
        }
        DataOutputStream toParent = new DataOutputStream(new BufferedOutputStream(channelOut, 1 << 16));
        System.setOut(System.err);
        Frames.greet(toParent);
        DataInputStream fromParent = new DataInputStream(new BufferedInputStream(channelIn, 1 << 16));
        System.setIn(InputStream.nullInputStream());
        JdkSerializationCodec codec = new JdkSerializationCodec(WorkerMain.class.getClassLoader());
        byte[] first = Frames.read(fromParent);
        if (first == null) {
            return;
        }
        NextLife firstLife = (NextLife) codec.decode(first);
        WorkerProgram program = program(codec, firstLife);
        workerId = firstLife.workerId();
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Thread reader = new Thread(reader(fromParent, codec, inbox, Thread.currentThread()), "mpire4j-worker-reader");
        reader.setDaemon(true);
        reader.start();
        WorkerEndpoint endpoint = new ChannelEndpoint(inbox, codec, toParent);
        while (true) {
            Thread.interrupted(); // an interrupt that came too late for the last life's task
            program.run(workerId, endpoint);
            synchronized (toParent) {
                Frames.write(toParent, Frames.EMPTY);
            }
            NextLife life = takeNextLife(inbox);
            workerId = life.workerId();
            program = program(codec, life);
        }
        // No way out of the loop: the process ends when its channel does (the reader halts it).
    }

    /** The reader thread's work: a method of its own so that the training links the lambda too. */
    private static Runnable reader(DataInputStream in, Codec codec, LinkedBlockingQueue<Object> inbox, Thread worker) {
        return () -> readLoop(in, codec, inbox, worker);
    }

    /** The worker program's side of the channel: messages from the reader's inbox, frames to the parent. */
    private static final class ChannelEndpoint implements WorkerEndpoint {

        private final LinkedBlockingQueue<Object> inbox;
        private final JdkSerializationCodec codec;
        private final DataOutputStream toParent;

        ChannelEndpoint(LinkedBlockingQueue<Object> inbox, JdkSerializationCodec codec, DataOutputStream toParent) {
            this.inbox = inbox;
            this.codec = codec;
            this.toParent = toParent;
        }

        @Override
        public Object receive() throws IOException {
            while (true) {
                try {
                    return inbox.take();
                } catch (InterruptedException late) {
                    // An interrupt meant for a task that already finished: not a reason to stop.
                }
            }
        }

        @Override
        public void send(Object message) throws IOException {
            JdkSerializationCodec.Buffer frame = codec.encodeInto(message, null);
            try {
                synchronized (toParent) {
                    frame.writeFrame(toParent);
                }
            } finally {
                frame.giveBack();
            }
        }
    }

    /**
     * An AOT cache's training run (see {@link AotCache}): runs the codec over messages of the shapes workers
     * exchange, the channel's parts that {@code main} sets up (frames, inbox, endpoint, the reader's lambda),
     * and every {@link org.mpire4j.api.spi.WorkerTraining} on the class path (the engine's worker side), so
     * that a worker started from the cache finds what it runs before its first result loaded, linked and
     * profiled. Only that: a JVM started from an AOT cache loads every class in it before {@code main}, so
     * each class a worker does not need costs every worker's start (loading all of the class path's mpire4j
     * classes as well made a worker JVM take 74 ms to reach {@code main} against 37 ms).
     */
    static void train() throws IOException {
        ClassLoader loader = WorkerMain.class.getClassLoader();
        JdkSerializationCodec codec = new JdkSerializationCodec(loader);
        Object sample = java.util.List.of(new NextLife(1, new byte[64], null), new int[64], new long[8], new double[8],
                new String[] {"a", "b"}, new java.util.HashMap<>(java.util.Map.of("k", 1L)),
                new java.util.ArrayList<>(java.util.List.of(1, 2.0, "three")), Control.INTERRUPT);
        for (int i = 0; i < 2_000; i++) {
            codec.decode(codec.encode(sample));
        }
        // What main runs before a worker's first life, over memory instead of the channel: the greeting and
        // frames, the inbox, the endpoint, the reader's lambda (created, not run: at its end it halts the JVM).
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Frames.greet(out);
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        ChannelEndpoint endpoint = new ChannelEndpoint(inbox, codec, out);
        for (int i = 0; i < 100; i++) {
            endpoint.send(sample);
            inbox.add(sample);
            endpoint.receive();
        }
        // A receive that waits, as a worker waiting for its parent does: its first wait initializes what
        // blocking needs (ForkJoinPool.managedBlock, its VarHandles), ~10 ms of a new worker's start otherwise.
        Thread taker = Thread.currentThread();
        Thread giver = new Thread(() -> {
            long giveUp = System.nanoTime() + 1_000_000_000L;
            while (taker.getState() != Thread.State.WAITING && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
            inbox.add(sample);
        });
        giver.start();
        endpoint.receive();
        out.flush();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Frames.awaitGreeting(in, OutputStream.nullOutputStream());
        while (Frames.read(in) != null) {
            // each frame as the reader reads it
        }
        reader(in, codec, inbox, Thread.currentThread());
        // The engine's worker side, over sample messages: what a worker runs before its first result. A cache
        // trained without it (an engine that has none, an api jar too old to know the service) still serves.
        try {
            for (var training : java.util.ServiceLoader.load(org.mpire4j.api.spi.WorkerTraining.class, loader)) {
                try {
                    training.train();
                } catch (Exception failed) {
                    // the next one, if any
                }
            }
        } catch (LinkageError | java.util.ServiceConfigurationError unavailable) {
            // as above
        }
    }

    /**
     * The path of one of this process's descriptors. Not string concatenation: its first use in a JVM
     * bootstraps {@code StringConcatFactory}, which is not in the AOT cache and cost a new worker ~8 ms of
     * the ~75 ms it spends between {@code main} and its first result.
     */
    private static String descriptor(int fd) {
        return "/proc/self/fd/".concat(Integer.toString(fd));
    }

    /**
     * Without {@link #CHANNEL} (a starter that could not arrange descriptors), moves the channel off stdin
     * and stdout itself through the FFM API; {@code null} if that is not allowed, and the channel stays there
     * (Java code still cannot reach it through {@code System.in} or {@code System.out}).
     */
    private static int[] moveChannel() {
        try {
            return Descriptors.moveChannel();
        } catch (IOException | RuntimeException | LinkageError noNativeAccess) {
            return null;
        }
    }

    private static NextLife takeNextLife(LinkedBlockingQueue<Object> inbox) {
        while (true) {
            try {
                if (inbox.take() instanceof NextLife life) {
                    return life;
                }
                // Anything else was meant for the life that just ended.
            } catch (InterruptedException late) {
                // an interrupt meant for the last life's task
            }
        }
    }

    private static WorkerProgram program(JdkSerializationCodec codec, NextLife life) throws IOException {
        if (life.program() != null) {
            return (WorkerProgram) codec.decode(new ByteArrayInputStream(life.program()));
        }
        return (WorkerProgram) readProgram(codec, life.programFile());
    }

    /** The program placed once in shared memory by the parent, read in place and unmapped at once. */
    private static Object readProgram(JdkSerializationCodec codec, String file) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ);
                Arena arena = Arena.ofConfined()) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return codec.decode(new InputStream() {
                private long position;

                @Override
                public int read() {
                    return position < segment.byteSize() ? segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                            position++) & 0xff : -1;
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    long left = segment.byteSize() - position;
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(length, left);
                    MemorySegment.copy(segment, java.lang.foreign.ValueLayout.JAVA_BYTE, position, target, offset, n);
                    position += n;
                    return n;
                }
            });
        }
    }

    private static void readLoop(DataInputStream in, Codec codec, LinkedBlockingQueue<Object> inbox, Thread worker) {
        try {
            for (byte[] frame; (frame = Frames.read(in)) != null;) {
                Object message = codec.decode(frame);
                if (message == Control.INTERRUPT) {
                    worker.interrupt();
                } else {
                    inbox.add(message);
                }
            }
        } catch (InterruptedIOException e) {
            // fall through: treat like a closed channel
        } catch (IOException | RuntimeException | LinkageError e) {
            // Most often a class the parent sent that is not on this worker's class path. Whatever it is,
            // this worker can no longer hear its parent: end it, so the parent sees it and never waits.
            System.err.println("mpire4j worker " + worker.getName() + ": cannot read a message from the parent: " + e);
            Runtime.getRuntime().halt(UNREADABLE_MESSAGE);
        } catch (Throwable e) {
            Runtime.getRuntime().halt(UNREADABLE_MESSAGE);
        }
        // The parent closed the channel (done with this idle process) or died: nobody will read anything from
        // this process again, and its lives' exit hooks have run or never will. Halting is immediate; a full
        // System.exit takes a second or more here, which an orphan must not linger for.
        Runtime.getRuntime().halt(0);
    }
}
