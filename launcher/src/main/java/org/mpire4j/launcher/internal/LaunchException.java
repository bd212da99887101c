package org.mpire4j.launcher.internal;

import java.io.Serial;

/**
 * The distribution could not be started: the framework failed to initialise, a bundle could not be
 * installed, or a bundle did not resolve or start. The message is meant for the user as is: it names
 * the bundle (symbolic name and file) and what it is missing.
 */
public final class LaunchException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
