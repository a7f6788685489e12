/** Command-line parsing for the launcher, in Consul's flag style. */
package io.nativemesh.server.internal.cli;
