/**
 * Example workloads for mpire4j, usable as tasks, in the demo and in benchmarks.
 */
@Export
@Version("1.0.0")
package org.mpire4j.examples;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
