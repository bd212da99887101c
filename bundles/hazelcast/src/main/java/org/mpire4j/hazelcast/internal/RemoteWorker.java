package org.mpire4j.hazelcast.internal;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.mpire4j.api.spi.WorkerEndpoint;
import org.mpire4j.api.spi.WorkerProgram;

/**
 * The member side of one worker, submitted to its member with {@code submitToMember}: runs the
 * worker program on an executor thread with an endpoint over the worker's two queues, and ends by
 * putting {@link Signals.Ended} on the outbound queue (or, when killed, by removing both queues).
 * The program travels inside only for the first worker of a program on a member; the others find
 * it in the member's {@link ProgramCache}.
 */
final class RemoteWorker implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How long a worker waits for its program to arrive with a sibling submitted at the same time. */
    private static final long PROGRAM_WAIT_MILLIS = 120_000;

    private final String programId;
    private final WorkerProgram program;
    private final int workerId;
    private final String inbound;
    private final String outbound;
    private transient HazelcastInstance member;

    RemoteWorker(String programId, WorkerProgram program, int workerId, String inbound, String outbound) {
        this.programId = programId;
        this.program = program;
        this.workerId = workerId;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    boolean carriesProgram() {
        return program != null;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    /** Runs the worker; {@code true} when its end was reported on the outbound queue. */
    @Override
    public Boolean call() throws Exception {
        ProgramCache cache = ProgramCache.of(member);
        WorkerProgram toRun = program != null ? cache.put(programId, program) : cache.await(programId, PROGRAM_WAIT_MILLIS);
        IQueue<Object> in = member.getQueue(inbound);
        IQueue<Object> out = member.getQueue(outbound);
        Endpoint endpoint = new Endpoint(in, out);
        Signals.Ended end;
        try {
            toRun.run(workerId, endpoint);
            end = new Signals.Ended("returned", null);
        } catch (Throwable e) {
            end = new Signals.Ended("failed: " + e, e);
        }
        if (endpoint.killed || Thread.currentThread().isInterrupted()) {
            // Nobody listens any more; the queues are ours to remove (using them would create them again).
            in.destroy();
            out.destroy();
            return false;
        }
        try {
            return out.offer(end);
        } catch (RuntimeException e) {
            return out.offer(new Signals.Ended(end.howItEnded(), new IOException(String.valueOf(end.error()))));
        }
    }

    /** The worker's end of its channel, used by the worker's thread only. */
    private static final class Endpoint implements WorkerEndpoint {
        private final IQueue<Object> in;
        private final IQueue<Object> out;
        boolean killed;

        Endpoint(IQueue<Object> in, IQueue<Object> out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public Object receive() throws IOException {
            if (killed) {
                throw new InterruptedIOException("worker killed");
            }
            Object message;
            try {
                message = in.take();
            } catch (InterruptedException e) {
                // Only a kill (the parent's cancel) interrupts this thread.
                killed = true;
                throw new InterruptedIOException("worker killed");
            } catch (RuntimeException e) {
                killed = true;
                throw new Signals.ChannelGone("the channel from the parent is gone: " + e, e);
            }
            if (message == Signals.Kill.KILL) {
                killed = true;
                throw new InterruptedIOException("worker killed");
            }
            return message;
        }

        @Override
        public void send(Object message) throws IOException {
            if (killed) {
                throw new InterruptedIOException("worker killed");
            }
            try {
                out.offer(message);
            } catch (RuntimeException e) {
                throw new IOException("Cannot send to the parent: " + e, e);
            }
        }
    }
}
