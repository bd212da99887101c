package org.mpire4j.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.mpire4j.api.spi.WorkerProgram;
import org.mpire4j.process.JdkSerializationCodec;

/**
 * One worker as it is submitted to its member with {@code submitToMember}. Hazelcast decodes it with
 * the member's own class loader, so it holds only JDK types and this bundle's: the worker program
 * travels as bytes (inside only for the first worker of a program on a member; the others find it in
 * the member's {@link MemberState}) with the jars of its code, and is decoded here with a loader over
 * those jars. Runs the worker on the member's executor thread ({@link MemberWorker}).
 */
final class RemoteWorker implements Callable<Boolean>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 2L;

    /** How long a worker waits for its program to arrive with a sibling submitted at the same time. */
    private static final long PROGRAM_WAIT_MILLIS = 120_000;

    private final UUID parent;
    private final String programId;
    private final byte[] program;
    private final List<CodeJar> code;
    private final int workerId;
    private final String inbound;
    private final String outbound;
    private transient HazelcastInstance member;

    /**
     * @param parent the parent's client: its workers stop when it disconnects
     * @param programId the program's id
     * @param program the encoded program, or {@code null} when this member has it already
     * @param code the jars the program and the messages need, with content for those the member lacks
     * @param workerId the worker id
     * @param inbound the name of the queue from the parent
     * @param outbound the name of the queue to the parent
     */
    RemoteWorker(UUID parent, String programId, byte[] program, List<CodeJar> code, int workerId, String inbound,
            String outbound) {
        this.parent = parent;
        this.programId = programId;
        this.program = program;
        this.code = List.copyOf(code);
        this.workerId = workerId;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    /**
     * Runs the worker; {@code true} when its end was reported on the outbound queue.
     *
     * @throws IllegalStateException if this member cannot load the worker's code; never an
     *     {@link IOException}, which Hazelcast's client would take for a network failure and resubmit
     */
    @Override
    public Boolean call() throws InterruptedException {
        MemberState state = MemberState.of(member);
        ClassLoader loader;
        WorkerProgram toRun;
        try {
            state.store(code);
            if (program != null) {
                state.putProgram(programId, parent, program);
            }
            loader = state.loader(code);
            toRun = state.program(programId, code, loader, PROGRAM_WAIT_MILLIS);
        } catch (IOException | TimeoutException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("Member " + member.getCluster().getLocalMember().getAddress()
                    + " cannot load worker " + workerId + "'s program: " + e.getMessage() + ". The jars the"
                    + " program's classes were loaded from travel to members; a class with no jar or folder of its"
                    + " own (generated at run time) must be on the member's class path", e);
        }
        MemberWorker worker = new MemberWorker(member.getQueue(inbound), member.getQueue(outbound),
                new JdkSerializationCodec(loader), "worker " + workerId);
        state.started(parent, worker);
        try {
            return worker.run(toRun, workerId);
        } finally {
            state.ended(parent, worker);
        }
    }
}
