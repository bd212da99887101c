package org.mpire4j.core.internal;

import java.io.Serial;

/**
 * Stands in for an exception that cannot travel from a worker process (it, or something it holds,
 * is not serializable): same class name and message in its message, same stack trace, and its
 * causes likewise.
 */
final class ForeignException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    ForeignException(Throwable original) {
        super(original.getClass().getName() + ": " + original.getMessage(),
                original.getCause() == null || original.getCause() == original ? null
                        : new ForeignException(original.getCause()));
        setStackTrace(original.getStackTrace());
    }
}
