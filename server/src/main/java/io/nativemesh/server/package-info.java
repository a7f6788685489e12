/**
 * The NativeMesh companion server's public API: {@link io.nativemesh.server.ConsulServer} (start,
 * address, trust domain, close), {@link io.nativemesh.server.ServerConfig} and {@link
 * io.nativemesh.server.Launcher} ({@code agent -dev}). It speaks the subset of Consul's HTTP API v1
 * described in the repository's {@code docs/consul-api.md}. Everything under {@code .internal} is
 * an implementation detail.
 */
package io.nativemesh.server;
