package org.mpire4j.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;

/** Forgets a worker program on a member once the parent no longer uses it. */
final class EvictProgram implements Runnable, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String programId;
    private transient HazelcastInstance member;

    EvictProgram(String programId) {
        this.programId = programId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public void run() {
        if (member != null) {
            MemberState.of(member).evict(programId);
        }
    }
}
