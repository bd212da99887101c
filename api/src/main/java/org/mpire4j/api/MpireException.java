package org.mpire4j.api;

import java.io.Serial;

/** The base of the exceptions a {@link WorkerPool} throws for failures of the pool's work. */
public class MpireException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, with the offending value and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public MpireException(String message, Throwable cause) {
        super(message, cause);
    }
}
