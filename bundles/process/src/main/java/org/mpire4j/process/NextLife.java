package org.mpire4j.process;

import java.io.Serial;
import java.io.Serializable;

/**
 * What the parent sends an idle worker process to give it a new life: the worker program of the pool
 * that takes it over, with the worker id it has there. The program travels either inside this message
 * ({@code program}, for spawn) or stays in the parent's shared memory ({@code programFile}, for fork:
 * the worker maps it in place, never through its pipe): exactly one of {@code program} (the encoded
 * program) and {@code programFile} (a file holding it, such as {@code /proc/<parent>/fd/<fd>}) is set.
 * A plain class rather than a record: a worker JVM reads it first, and reading a record costs a cold JVM
 * tens of milliseconds more (see the core's {@code Messages}).
 */
final class NextLife implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    private final int workerId;
    private final byte[] program;
    private final String programFile;

    NextLife(int workerId, byte[] program, String programFile) {
        if ((program == null) == (programFile == null)) {
            throw new IllegalArgumentException("A next life carries its program or names its file, not both or neither");
        }
        this.workerId = workerId;
        this.program = program;
        this.programFile = programFile;
    }

    int workerId() {
        return workerId;
    }

    byte[] program() {
        return program;
    }

    String programFile() {
        return programFile;
    }
}
