/**
 * The Consul HTTP API v1 model: immutable records whose JSON names are Consul's PascalCase field
 * names (see {@code docs/consul-api.md}, "Conventions"). Shared by the SDK's client and the
 * companion server. Unknown JSON fields are ignored on read, so newer Consul versions do not break
 * the SDK. Timestamps are {@link java.time.Instant}s serialized as RFC 3339 strings.
 */
package io.nativemesh.core.model;
