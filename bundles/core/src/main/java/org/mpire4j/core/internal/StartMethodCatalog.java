package org.mpire4j.core.internal;

import java.util.List;

/** The start methods installed now: the OSGi service registry, or ServiceLoader outside OSGi. */
interface StartMethodCatalog {

    /**
     * The start method pools use when they name none.
     *
     * @return its name, or {@code null} if none is installed
     */
    String defaultName();

    /**
     * A start method by name.
     *
     * @param name the name
     * @return the start method, or {@code null} if none has that name
     */
    org.mpire4j.api.StartMethod find(String name);

    /**
     * The names of the installed start methods, the default first.
     *
     * @return the names
     */
    List<String> names();
}
