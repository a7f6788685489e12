/**
 * A client for the subset of Consul's HTTP API v1 that Connect-native services use, on OkHttp and
 * Jackson: {@link io.nativemesh.consul.ConsulClient} and its endpoint groups (agent, health,
 * catalog, Connect CA, intentions), the options of a blocking read ({@link
 * io.nativemesh.consul.QueryOptions}) and the response metadata ({@link
 * io.nativemesh.consul.QueryMeta}). Request and response bodies are the records of {@code
 * io.nativemesh.core.model}. Failures are {@link io.nativemesh.consul.ConsulApiException} (an error
 * status) or {@link io.nativemesh.consul.ConsulTransportException} (I/O, timeout, undecodable
 * body).
 */
package io.nativemesh.consul;
