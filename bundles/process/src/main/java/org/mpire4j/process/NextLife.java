package org.mpire4j.process;

import java.io.Serial;
import java.io.Serializable;

/**
 * What the parent sends an idle worker process to give it a new life: the worker program of the pool
 * that takes it over, with the worker id it has there. The program travels either inside this message
 * ({@code program}, for spawn) or stays in the parent's shared memory ({@code programFile}, for fork:
 * the worker maps it in place, never through its pipe).
 *
 * @param workerId the worker's id in its new pool
 * @param program the encoded worker program, or {@code null}
 * @param programFile a file holding the encoded program, such as {@code /proc/<parent>/fd/<fd>}, or {@code null}
 */
record NextLife(int workerId, byte[] program, String programFile) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    NextLife {
        if ((program == null) == (programFile == null)) {
            throw new IllegalArgumentException("A next life carries its program or names its file, not both or neither");
        }
    }
}
