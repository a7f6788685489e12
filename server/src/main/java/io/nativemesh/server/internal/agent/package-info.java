/** Agent-local behaviour: registration validation and TTL check timers. */
package io.nativemesh.server.internal.agent;
