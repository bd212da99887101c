/**
 * The contract between the engine and its start methods: how a worker is launched, how messages
 * travel to and from it, and how its end is reported. Users never need these types; backend
 * implementers do.
 */
@Export
@Version("1.3.0")
package org.mpire4j.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
