/** The {@code hazelcast} start method's implementation. */
package org.mpire4j.hazelcast.internal;
