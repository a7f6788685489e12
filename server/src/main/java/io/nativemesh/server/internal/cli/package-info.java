/**
 * Command-line parsing for the launcher (picocli), in Consul's flag style; agent configuration
 * files.
 */
package io.nativemesh.server.internal.cli;
