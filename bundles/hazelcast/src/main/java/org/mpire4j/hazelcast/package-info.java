/**
 * Running Hazelcast members that can host mpire4j workers: {@link org.mpire4j.hazelcast.Member}.
 */
@Export
@Version("0.1.0")
package org.mpire4j.hazelcast;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
