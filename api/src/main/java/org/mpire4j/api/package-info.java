/**
 * The mpire4j API: a worker pool with MPIRE's map family, shared objects, worker state, init and
 * exit hooks, timeouts and insights, over interchangeable start methods.
 *
 * <p>Start with {@link org.mpire4j.api.WorkerPool#builder()}. Inside an OSGi framework the same
 * pool is also reachable through the {@link org.mpire4j.api.WorkerPoolFactory} service; task bundles
 * register {@link org.mpire4j.api.Task} services, backends register
 * {@link org.mpire4j.api.StartMethod} services.
 */
@Export
@Version("1.2.0")
package org.mpire4j.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
