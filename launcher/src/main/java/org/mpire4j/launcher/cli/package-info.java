/**
 * The launcher's command-line bridge bundle ({@code org.mpire4j.launcher.cli}): command
 * implementations that run inside the framework and are offered to the launcher through JDK types.
 * Nothing here is exported.
 */
package org.mpire4j.launcher.cli;
