/**
 * The machinery the process start methods (spawn, fork) share: a {@link org.mpire4j.process.Codec}
 * for messages, length-prefixed frames over a worker's pipes, the idle-worker cache, the AOT cache, the parent's
 * {@link org.mpire4j.process.ProcessWorker} handle and the worker's {@link org.mpire4j.process.WorkerMain}.
 */
@Export
@Version("1.2.0")
package org.mpire4j.process;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
